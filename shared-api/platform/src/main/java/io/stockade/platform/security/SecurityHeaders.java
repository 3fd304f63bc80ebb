package io.stockade.platform.security;

/**
 * The headers every response carries, in one place: the jar writes them (SecurityConfiguration), and
 * the CDK app's CloudFront response headers policy is built from the same constants, so the SPA served
 * from S3 gets exactly what the jar would have sent.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; media-src 'self' blob:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";
    public static final String PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";
    public static final String CROSS_ORIGIN_OPENER_POLICY = "same-origin";
    public static final String REFERRER_POLICY = "strict-origin-when-cross-origin";
    public static final String FRAME_OPTIONS = "DENY";
    public static final String CONTENT_TYPE_OPTIONS = "nosniff";
    /** Spring Security's default: the legacy XSS auditor off (it could be abused to blank pages). */
    public static final String XSS_PROTECTION = "0";

    private SecurityHeaders() {}
}
