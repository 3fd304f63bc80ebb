package io.stockade.platform.axon;

/** Metadata keys of the audit record carried by every command and event. */
public final class AuditMetadata {
    public static final String USER_ID = "userId";
    public static final String ROLE = "role";
    public static final String TENANT_ID = "tenantId";
    public static final String REQUEST_ID = "requestId";
    public static final String CORRELATION_ID = "correlationId";
    /** Sealed with the acting user's key: an IP address is personal data. */
    public static final String CLIENT_IP = "clientIp";
    /** Sealed with the acting user's key. */
    public static final String USER_AGENT = "userAgent";

    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** Set for commands the system issues itself (bootstrap, imports run by a job). */
    public static final String SYSTEM_ACTOR = "system";

    private AuditMetadata() {}
}
