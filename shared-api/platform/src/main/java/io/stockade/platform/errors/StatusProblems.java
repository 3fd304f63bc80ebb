package io.stockade.platform.errors;

import org.springframework.http.HttpStatus;

/**
 * The problem a bare status becomes when no handler said more: what Tomcat or the servlet container
 * decided before any Stockade code ran (a malformed path, a protected directory, a body too large).
 */
final class StatusProblems {
    private StatusProblems() {}

    record StatusProblem(HttpStatus status, String type, String title, String detail) {}

    static StatusProblem of(int code) {
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return switch (status) {
            case BAD_REQUEST ->
                new StatusProblem(status, "rejected-request", "Bad Request", "The request could not be understood");
            case UNAUTHORIZED -> new StatusProblem(status, "unauthorized", "Unauthorized", "Authentication required");
            case FORBIDDEN -> new StatusProblem(status, "forbidden", "Forbidden", "Insufficient permissions");
            case NOT_FOUND -> new StatusProblem(status, "not-found", "Not Found", "Resource not found");
            case METHOD_NOT_ALLOWED ->
                new StatusProblem(
                        status, "method-not-allowed", "Method Not Allowed", "This method is not allowed here");
            case PAYLOAD_TOO_LARGE ->
                new StatusProblem(
                        status, "payload-too-large", "Payload Too Large", "The request body is larger than allowed");
            case URI_TOO_LONG ->
                new StatusProblem(status, "uri-too-long", "URI Too Long", "The request line is longer than allowed");
            case REQUEST_HEADER_FIELDS_TOO_LARGE ->
                new StatusProblem(
                        status,
                        "header-too-large",
                        "Request Header Fields Too Large",
                        "The request headers are larger than allowed");
            case SERVICE_UNAVAILABLE ->
                new StatusProblem(
                        status, "unavailable", "Service Unavailable", "The service is not available; retry shortly");
            default ->
                status.is4xxClientError()
                        ? new StatusProblem(status, "client-error", status.getReasonPhrase(), status.getReasonPhrase())
                        : new StatusProblem(
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                "internal",
                                "Internal Server Error",
                                "An unexpected error occurred");
        };
    }
}
