package io.stockade.platform.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error report, for requests it refuses before any application code runs (an encoded
 * {@code %2f} or {@code %00} in the path, a malformed request line): problem+json without the server's
 * name or version, instead of Tomcat's HTML page. Installed on the host by {@link ErrorResponses}; Tomcat
 * creates it by class name, so it is public with a public constructor.
 */
public class ProblemErrorReportValve extends ErrorReportValve {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        StatusProblems.StatusProblem p = StatusProblems.of(code);
        ProblemDetail pd = Problems.problem(p.status(), p.type(), p.title(), p.detail(), List.of());
        Problems.instance(pd, request.getRequestURI());
        // Spring's message converters are not in reach here: the same fields, in the same order, by hand.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", pd.getType().toString());
        body.put("title", pd.getTitle());
        body.put("status", pd.getStatus());
        body.put("detail", pd.getDetail());
        if (pd.getInstance() != null) {
            body.put("instance", pd.getInstance().toString());
        }
        body.putAll(pd.getProperties());
        try {
            // No filter ran for this request, so the headers they would add are set here.
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            try (OutputStream out = response.getOutputStream()) {
                JSON.writeValue(out, body);
            }
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was committed meanwhile: nothing more to say.
        }
    }
}
