package io.stockade.platform.web;

import io.stockade.api.common.Uuids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is well-formed) that goes
 * into logs, the response and the metadata of every command it sends. The log lines of the request also carry its
 * correlation id and, when a proxy or tracer started a trace, its trace id: W3C {@code traceparent}, else the root of
 * the AWS load balancer's {@code X-Amzn-Trace-Id}.
 */
public class RequestIds extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
    public static final String CORRELATION_ATTRIBUTE = RequestIds.class.getName() + ".correlation";
    public static final String TRACEPARENT_HEADER = "traceparent";
    public static final String AMZN_TRACE_HEADER = "X-Amzn-Trace-Id";
    /** The MDC keys this filter sets (the production log format lists each key it writes). */
    public static final String MDC_REQUEST_ID = "requestId";

    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_SPAN_ID = "spanId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
    /** version-traceid-parentid-flags, https://www.w3.org/TR/trace-context/#traceparent-header */
    private static final Pattern TRACEPARENT =
            Pattern.compile("[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}");
    /** Root=1-{8 hex time}-{24 hex}, among other fields of the load balancer's header. */
    private static final Pattern AMZN_ROOT = Pattern.compile("(?:^|;)Root=(1-[0-9a-f]{8}-[0-9a-f]{24})(?:;|$)");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = safe(request.getHeader(HEADER));
        if (id == null) {
            id = Uuids.random().toString();
        }
        String correlation = safe(request.getHeader(CORRELATION_HEADER));
        request.setAttribute(ATTRIBUTE, id);
        request.setAttribute(CORRELATION_ATTRIBUTE, correlation == null ? id : correlation);
        response.setHeader(HEADER, id);
        MDC.put(MDC_REQUEST_ID, id);
        MDC.put(MDC_CORRELATION_ID, correlation == null ? id : correlation);
        traceOf(request);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_REQUEST_ID);
            MDC.remove(MDC_CORRELATION_ID);
            MDC.remove(MDC_TRACE_ID);
            MDC.remove(MDC_SPAN_ID);
        }
    }

    private static void traceOf(HttpServletRequest request) {
        String traceparent = request.getHeader(TRACEPARENT_HEADER);
        Matcher w3c = traceparent == null ? null : TRACEPARENT.matcher(traceparent);
        if (w3c != null && w3c.matches()) {
            MDC.put(MDC_TRACE_ID, w3c.group(1));
            MDC.put(MDC_SPAN_ID, w3c.group(2));
            return;
        }
        String amzn = request.getHeader(AMZN_TRACE_HEADER);
        Matcher root = amzn == null || amzn.length() > 256 ? null : AMZN_ROOT.matcher(amzn);
        if (root != null && root.find()) {
            MDC.put(MDC_TRACE_ID, root.group(1));
        }
    }

    private static String safe(String value) {
        return value != null && SAFE.matcher(value).matches() ? value : null;
    }
}
