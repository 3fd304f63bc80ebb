package io.stockade.platform.errors;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A failure that has a meaning for the client: rendered as RFC 9457 problem+json with the given
 * status, a stable problem type and, where they apply, field errors. Domain code throws the
 * subclasses; nothing here carries a stack trace to the client.
 */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> fieldErrors;

    public ProblemException(HttpStatus status, String type, String title, String detail, List<FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    public record FieldError(String field, String message) {}

    public static ProblemException notFound(String resource) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not Found", resource + " not found", List.of());
    }

    public static ProblemException validation(String field, String message) {
        return new ProblemException(
                HttpStatus.BAD_REQUEST,
                "validation",
                "Validation failed",
                message,
                List.of(new FieldError(field, message)));
    }

    public static ProblemException validation(List<FieldError> errors) {
        String detail =
                errors.size() == 1 ? errors.get(0).message() : "The request has " + errors.size() + " invalid fields";
        return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Validation failed", detail, errors);
    }

    public static ProblemException conflict(String field, String message) {
        return new ProblemException(
                HttpStatus.CONFLICT, "duplicate", "Conflict", message, List.of(new FieldError(field, message)));
    }

    public static ProblemException preconditionFailed(String message) {
        return new ProblemException(
                HttpStatus.PRECONDITION_FAILED, "stale-version", "Precondition Failed", message, List.of());
    }

    public static ProblemException businessRule(String type, String title, String message) {
        return new ProblemException(HttpStatus.BAD_REQUEST, type, title, message, List.of());
    }

    public static ProblemException forbidden(String message) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", message, List.of());
    }
}
