package io.stockade.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.platform.errors.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies other than uploads (which have their own multipart limits): a declared
 * length over the limit is refused at once with 413; a chunked body is cut off when it passes it.
 */
public class BodySizeLimit extends OncePerRequestFilter {
    public static final long MAX_BYTES = 2L * 1024 * 1024;
    /** A catalogue import is a CSV file streamed to storage: 100,000 rows of a full catalogue fit in 64 MiB. */
    public static final long IMPORT_MAX_BYTES = 64L * 1024 * 1024;

    private static final String IMPORT_PATH = "/api/inventory/import";
    private final ObjectMapper mapper;

    public BodySizeLimit(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Raised when a chunked body passes the limit; mapped to 413. */
    public static class PayloadTooLarge extends IOException {
        PayloadTooLarge(long max) {
            super("request body larger than " + max + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        long max = "POST".equals(request.getMethod()) && IMPORT_PATH.equals(request.getRequestURI())
                ? IMPORT_MAX_BYTES
                : MAX_BYTES;
        if (request.getContentLengthLong() > max) {
            Problems.write(
                    request,
                    response,
                    mapper,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "payload-too-large",
                    "Payload Too Large",
                    "The request body is larger than " + max / 1024 + " KiB");
            return;
        }
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    private ServletInputStream limited;

                    @Override
                    public ServletInputStream getInputStream() throws IOException {
                        if (limited == null) {
                            ServletInputStream in = super.getInputStream();
                            limited = new ServletInputStream() {
                                private long count;

                                @Override
                                public int read() throws IOException {
                                    int b = in.read();
                                    if (b >= 0 && ++count > max) {
                                        throw new PayloadTooLarge(max);
                                    }
                                    return b;
                                }

                                @Override
                                public int read(byte[] buf, int off, int len) throws IOException {
                                    int n = in.read(buf, off, len);
                                    if (n > 0 && (count += n) > max) {
                                        throw new PayloadTooLarge(max);
                                    }
                                    return n;
                                }

                                @Override
                                public boolean isFinished() {
                                    return in.isFinished();
                                }

                                @Override
                                public boolean isReady() {
                                    return in.isReady();
                                }

                                @Override
                                public void setReadListener(ReadListener listener) {
                                    in.setReadListener(listener);
                                }
                            };
                        }
                        return limited;
                    }
                },
                response);
    }
}
