package io.stockade.cdk;

/**
 * The headers the jar sends on every response, for CloudFront's response headers policy. A copy of
 * {@code io.stockade.platform.security.SecurityHeaders}, not a dependency on it: {@code cdk synth}
 * builds this module alone, without the platform module. {@code JarSecurityHeadersTest} fails the build
 * when the two differ in any field, so a header changed in the jar changes here too.
 */
public final class JarSecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; media-src 'self' blob:; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";
    public static final String PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";
    public static final String CROSS_ORIGIN_OPENER_POLICY = "same-origin";
    public static final String REFERRER_POLICY = "strict-origin-when-cross-origin";
    public static final String FRAME_OPTIONS = "DENY";
    public static final String CONTENT_TYPE_OPTIONS = "nosniff";
    public static final String XSS_PROTECTION = "0";

    private JarSecurityHeaders() {}
}
