package io.stockade.platform.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds the one error shape of the API: RFC 9457 plus seed 004's {@code message} and {@code errors}. */
public final class Problems {
    public static final String TYPE_BASE = "https://stockade.io/problems/";

    private Problems() {}

    public static ProblemDetail problem(
            HttpStatus status, String type, String title, String detail, List<ProblemException.FieldError> errors) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create(TYPE_BASE + type));
        pd.setTitle(title);
        pd.setProperty("message", detail);
        pd.setProperty("errors", errors);
        return pd;
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail pd) {
        return ResponseEntity.status(pd.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    /**
     * Names the request the problem is about, as Spring MVC's answers do; a path that is not a valid URI
     * reference (the container let it through, but it cannot be repeated as one) is left out.
     */
    public static ProblemDetail instance(ProblemDetail pd, String requestUri) {
        if (requestUri != null && !requestUri.isEmpty()) {
            try {
                pd.setInstance(new URI(requestUri));
            } catch (URISyntaxException e) {
                // not a URI reference: say nothing rather than something malformed
            }
        }
        return pd;
    }

    /** For filters and entry points that run before Spring MVC. */
    public static void write(
            HttpServletRequest request,
            HttpServletResponse response,
            ObjectMapper mapper,
            HttpStatus status,
            String type,
            String title,
            String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(
                response.getOutputStream(),
                instance(problem(status, type, title, detail, List.of()), request.getRequestURI()));
    }
}
