package io.stockade.platform.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.stockade.platform.refusals.RefusedCommands;
import io.stockade.platform.web.BodySizeLimit;
import jakarta.validation.ConstraintViolationException;
import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.queryhandling.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every failure to problem+json. Bad input is a 4xx with the field that caused it; only
 * genuine server faults are 500, and those never echo internals.
 */
@RestControllerAdvice
public class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private final ObjectProvider<RefusedCommands> refusals;

    ProblemHandler(ObjectProvider<RefusedCommands> refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        // Every refusal the API answers passes here: the one place a refused write is recorded from.
        refusals.ifAvailable(r -> r.refused(e));
        return Problems.response(Problems.problem(e.status(), e.type(), e.title(), e.getMessage(), e.fieldErrors()));
    }

    /** The firewall checks parameter values when they are first read, which is inside the handler. */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return Problems.response(Problems.problem(
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Bad Request",
                "The request holds characters that are not allowed",
                List.of()));
    }

    @ExceptionHandler(DomainRuleViolation.class)
    ResponseEntity<ProblemDetail> domain(DomainRuleViolation e) {
        return problem(toProblem(e));
    }

    public static ProblemException toProblem(DomainRuleViolation e) {
        List<ProblemException.FieldError> fields =
                e.field() == null ? List.of() : List.of(new ProblemException.FieldError(e.field(), e.getMessage()));
        return switch (e.kind()) {
            case NOT_FOUND ->
                new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not Found", e.getMessage(), fields);
            case VALIDATION ->
                new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Validation failed", e.getMessage(), fields);
            case BUSINESS_RULE ->
                new ProblemException(
                        HttpStatus.BAD_REQUEST, e.code(), "Business rule violated", e.getMessage(), fields);
            case CONFLICT -> new ProblemException(HttpStatus.CONFLICT, e.code(), "Conflict", e.getMessage(), fields);
            case STALE ->
                new ProblemException(
                        HttpStatus.PRECONDITION_FAILED, e.code(), "Precondition Failed", e.getMessage(), fields);
            case FORBIDDEN -> new ProblemException(HttpStatus.FORBIDDEN, e.code(), "Forbidden", e.getMessage(), fields);
        };
    }

    @ExceptionHandler({
        CommandExecutionException.class,
        QueryExecutionException.class,
        CompletionException.class,
        ExecutionException.class
    })
    ResponseEntity<ProblemDetail> wrapped(Exception e) {
        Throwable cause = e.getCause();
        if (cause instanceof DomainRuleViolation d) {
            return domain(d);
        }
        if (cause instanceof ProblemException p) {
            return problem(p);
        }
        if (cause instanceof AggregateNotFoundException) {
            return problem(ProblemException.notFound("Resource"));
        }
        if (cause instanceof ConcurrencyException) {
            return concurrency(e);
        }
        return unexpected(e);
    }

    /** Only reached when the command gateway's retries on a lost append race are used up. */
    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrency(Exception e) {
        return problem(new ProblemException(
                HttpStatus.CONFLICT,
                "concurrent-modification",
                "Conflict",
                "The resource was changed at the same moment by another request; try again",
                List.of()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return problem(ProblemException.notFound("Resource"));
    }

    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ResponseEntity<ProblemDetail> conflictingVersion(ConflictingAggregateVersionException e) {
        return problem(ProblemException.preconditionFailed(
                "The resource was changed by someone else; reload it and try again"));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        List<ProblemException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ProblemException.FieldError(f.getField(), f.getDefaultMessage()))
                .collect(Collectors.toList());
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new ProblemException.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return problem(ProblemException.validation(errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
        List<ProblemException.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new ProblemException.FieldError(
                                r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return problem(ProblemException.validation(errors));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e) {
        List<ProblemException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new ProblemException.FieldError(
                        lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return problem(ProblemException.validation(errors));
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.endsWith("ClientAbortException")
                    || name.endsWith("AsyncRequestNotUsableException")
                    || (t instanceof IOException
                            && t.getMessage() != null
                            && (t.getMessage().contains("Broken pipe")
                                    || t.getMessage().contains("Connection reset")))) {
                return true;
            }
        }
        return false;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        JsonMappingException mapping = null;
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof BodySizeLimit.PayloadTooLarge) {
                return tooLarge(e);
            }
            if (t instanceof JsonMappingException m) {
                mapping = m;
                break;
            }
        }
        Throwable root = e.getMostSpecificCause();
        if (mapping instanceof UnrecognizedPropertyException u) {
            return problem(
                    ProblemException.validation(u.getPropertyName(), "Unknown field '" + u.getPropertyName() + "'"));
        }
        if (mapping != null) {
            String field = path(mapping);
            String name = field.isEmpty() ? "body" : field;
            String message;
            if (root instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && !(mapping instanceof InvalidFormatException)) {
                message = iae.getMessage();
            } else if (mapping instanceof InvalidFormatException || mapping instanceof MismatchedInputException) {
                message = field.isEmpty()
                        ? "The request body has the wrong shape"
                        : "Wrong type or format for '" + field + "'";
            } else {
                message = field.isEmpty() ? "The request body could not be read" : "Invalid value for '" + field + "'";
            }
            return problem(ProblemException.validation(name, message));
        }
        if (root instanceof JsonParseException parse && parse.getMessage().startsWith("Duplicate field")) {
            return problem(duplicateField(parse));
        }
        return problem(ProblemException.validation("body", "The request body is not valid JSON"));
    }

    /** A key given twice (the readers refuse it: two parsers of one body must not disagree on its value). */
    private static ProblemException duplicateField(JsonParseException e) {
        JsonParser parser = e.getProcessor();
        String name = parser == null ? null : parser.getParsingContext().getCurrentName();
        String field = name == null ? "body" : name;
        return ProblemException.validation(field, "The field '" + field + "' is given more than once");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        String message = e.getCause() != null
                        && e.getCause().getCause() instanceof IllegalArgumentException iae
                        && iae.getMessage() != null
                        && !iae.getMessage().startsWith("Invalid UUID")
                ? iae.getMessage()
                : "Invalid value for '" + e.getName() + "'";
        return problem(ProblemException.validation(e.getName(), message));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return problem(ProblemException.validation(e.getParameterName(), "'" + e.getParameterName() + "' is required"));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return problem(
                ProblemException.validation(e.getHeaderName(), "Header '" + e.getHeaderName() + "' is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(new ProblemException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported Media Type",
                "Content type not supported; send application/json",
                List.of()));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(new ProblemException(
                HttpStatus.NOT_ACCEPTABLE,
                "not-acceptable",
                "Not Acceptable",
                "No acceptable representation",
                List.of()));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return problem(new ProblemException(
                HttpStatus.METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method Not Allowed",
                "Method " + e.getMethod() + " is not allowed here",
                List.of()));
    }

    @ExceptionHandler({MaxUploadSizeExceededException.class})
    ResponseEntity<ProblemDetail> tooLarge(Exception e) {
        return problem(new ProblemException(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload Too Large",
                "The upload is larger than allowed",
                List.of()));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return problem(ProblemException.validation("body", "The multipart request could not be read"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(ProblemException.notFound("Resource"));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> denied(Exception e) {
        return problem(ProblemException.forbidden("Insufficient permissions"));
    }

    /** The database is saturated: say so, and when to come back, instead of a 500. */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, SQLTransientConnectionException.class})
    ResponseEntity<ProblemDetail> overloaded(Exception e) {
        log.warn("Database connections exhausted: {}", e.getMessage());
        ProblemDetail pd = Problems.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "overloaded",
                "Service Unavailable",
                "The service is busy; retry shortly",
                List.of());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(pd);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (clientWentAway(e)) {
            log.debug("Client closed the connection: {}", e.getMessage());
            return null;
        }
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof SQLTransientConnectionException) {
                return overloaded(e);
            }
        }
        log.error("Unhandled error", e);
        return problem(new ProblemException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal Server Error",
                "An unexpected error occurred",
                List.of()));
    }
}
