package io.stockade.platform.errors;

/**
 * Thrown by aggregates and command-side components; carries only what the client may see.
 * Kept free of Spring types so aggregates stay plain Java; the web layer maps {@link Kind} to a status.
 */
public class DomainRuleViolation extends RuntimeException {
    public enum Kind {
        NOT_FOUND,
        VALIDATION,
        BUSINESS_RULE,
        CONFLICT,
        STALE,
        FORBIDDEN
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public DomainRuleViolation(Kind kind, String code, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public static DomainRuleViolation notFound(String what) {
        return new DomainRuleViolation(Kind.NOT_FOUND, "not-found", null, what + " not found");
    }

    public static DomainRuleViolation rule(String code, String message) {
        return new DomainRuleViolation(Kind.BUSINESS_RULE, code, null, message);
    }

    public static DomainRuleViolation invalid(String field, String message) {
        return new DomainRuleViolation(Kind.VALIDATION, "validation", field, message);
    }

    public static DomainRuleViolation duplicate(String field, String message) {
        return new DomainRuleViolation(Kind.CONFLICT, "duplicate", field, message);
    }

    public static DomainRuleViolation stale(String message) {
        return new DomainRuleViolation(Kind.STALE, "stale-version", null, message);
    }
}
