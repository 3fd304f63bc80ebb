package io.stockade.platform.web;

import io.stockade.api.common.Uuids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is well-formed) that goes
 * into logs, the response and the metadata of every command it sends.
 */
public class RequestIds extends OncePerRequestFilter {
    public static final String HEADER = "X-Request-Id";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".id";
    public static final String CORRELATION_ATTRIBUTE = RequestIds.class.getName() + ".correlation";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

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
        MDC.put("requestId", id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }

    private static String safe(String value) {
        return value != null && SAFE.matcher(value).matches() ? value : null;
    }
}
