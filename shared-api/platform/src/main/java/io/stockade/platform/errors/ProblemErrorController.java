package io.stockade.platform.errors;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}): a status set outside Spring MVC — Tomcat refusing
 * {@code /WEB-INF/…}, a filter's {@code sendError} — answers problem+json like every other error,
 * instead of Spring Boot's {@code {timestamp, status, error, path}}. Never shows the exception.
 */
@Hidden
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        // A path the container refused (/WEB-INF/...) never passed the filters that set these.
        if (!response.containsHeader("X-Content-Type-Options")) {
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        StatusProblems.StatusProblem p = StatusProblems.of(code instanceof Integer i ? i : 500);
        ProblemDetail pd = Problems.problem(p.status(), p.type(), p.title(), p.detail(), List.of());
        Problems.instance(pd, (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        return Problems.response(pd);
    }
}
