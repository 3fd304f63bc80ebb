package io.stockade.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdsTest {

    /** What the request's log lines carry, captured inside the chain. */
    private static Map<String, String> logFieldsOf(MockHttpServletRequest request) throws Exception {
        Map<String, String> seen = new HashMap<>();
        new RequestIds().doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            if (mdc != null) {
                seen.putAll(mdc);
            }
        });
        assertThat(MDC.getCopyOfContextMap())
                .as("nothing left behind for the thread's next request")
                .isNullOrEmpty();
        return seen;
    }

    @Test
    void shouldLogTheW3cTraceWhenATraceparentIsGiven() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/inventory");
        request.addHeader("X-Request-Id", "request-0001");
        request.addHeader("X-Correlation-Id", "correlation-0001");
        request.addHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        request.addHeader("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678");
        assertThat(logFieldsOf(request))
                .containsEntry("requestId", "request-0001")
                .containsEntry("correlationId", "correlation-0001")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
                .containsEntry("spanId", "00f067aa0ba902b7");
    }

    @Test
    void shouldLogTheLoadBalancersTraceWhenNoTraceparentIsGiven() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/inventory");
        request.addHeader(
                "X-Amzn-Trace-Id", "Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678");
        Map<String, String> fields = logFieldsOf(request);
        assertThat(fields).containsEntry("traceId", "1-67891233-abcdef012345678912345678");
        assertThat(fields).doesNotContainKey("spanId");
        assertThat(fields.get("correlationId"))
                .isEqualTo(fields.get("requestId"))
                .isNotBlank();
    }

    @Test
    void shouldLogNoTraceWhenTheHeadersAreMalformed() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/inventory");
        // An all-zero trace id is invalid (W3C), and a value with other characters must not reach the log.
        request.addHeader("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
        request.addHeader("X-Amzn-Trace-Id", "Root=1-<script>-x");
        assertThat(logFieldsOf(request)).doesNotContainKeys("traceId", "spanId");
    }
}
