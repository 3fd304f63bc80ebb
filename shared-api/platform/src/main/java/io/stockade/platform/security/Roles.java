package io.stockade.platform.security;

/**
 * Authorisation expressions for {@code @PreAuthorize}, one place for seed 004's role table.
 * Auditor reads what a Manager reads and changes nothing.
 */
public final class Roles {
    public static final String ADMIN = "hasRole('ADMIN')";
    public static final String MANAGER_OR_ADMIN = "hasAnyRole('ADMIN','MANAGER')";
    public static final String READ_ALL = "hasAnyRole('ADMIN','MANAGER','AUDITOR')";
    public static final String ADMIN_OR_AUDITOR = "hasAnyRole('ADMIN','AUDITOR')";
    public static final String OPERATOR = "hasAnyRole('ADMIN','MANAGER','STAFF')";
    public static final String ANY = "isAuthenticated()";

    private Roles() {}
}
