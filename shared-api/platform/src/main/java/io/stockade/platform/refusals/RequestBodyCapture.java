package io.stockade.platform.refusals;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Keeps a copy of the first {@link #LIMIT} bytes of a JSON body as it is read, for the writes a refusal may be
 * recorded for: a body that fails to parse never becomes an object, and a refusal recorded later still has to
 * say what was asked. The copy lives in a request attribute and dies with the request.
 */
@ControllerAdvice
class RequestBodyCapture extends RequestBodyAdviceAdapter {
    static final String ATTRIBUTE = RequestBodyCapture.class.getName() + ".body";
    static final int LIMIT = 16 * 1024;

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
            return input;
        }
        HttpServletRequest request = attrs.getRequest();
        if (!RefusalScope.covers(request.getMethod(), request.getRequestURI())) {
            return input;
        }
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        request.setAttribute(ATTRIBUTE, copy);
        InputStream body = input.getBody();
        InputStream tee = new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && copy.size() < LIMIT) {
                    copy.write(b);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    copy.write(buffer, offset, Math.min(n, Math.max(0, LIMIT - copy.size())));
                }
                return n;
            }
        };
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return tee;
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /** What was read of the request's body, or null when none was kept. */
    static byte[] captured(HttpServletRequest request) {
        Object copy = request.getAttribute(ATTRIBUTE);
        return copy instanceof ByteArrayOutputStream out ? out.toByteArray() : null;
    }
}
