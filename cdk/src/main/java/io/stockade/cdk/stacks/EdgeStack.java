package io.stockade.cdk.stacks;

import static io.stockade.cdk.Suppressions.suppress;

import io.stockade.cdk.DeploymentConfig;
import io.stockade.cdk.JarSecurityHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersXSSProtection;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cloudfront.origins.VpcOrigin;
import software.amazon.awscdk.services.cloudfront.origins.VpcOriginWithEndpointProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * One origin for the SPA and the API (cookies, CSRF and CSP {@code connect-src 'self'} depend on it):
 * CloudFront serves the SPA from a private S3 bucket through Origin Access Control, with the jar's own
 * security headers, and forwards {@code /api/*} uncached, every method, cookies and streams included, to
 * the internal load balancer through a VPC origin. TLS 1.2+ to viewers, TLS to the origin; a WAF web ACL
 * in front. Lives in us-east-1, where CloudFront's certificates and web ACLs must be.
 */
public final class EdgeStack extends Stack {
    private final Distribution distribution;
    private final CfnWebACL webAcl;

    public EdgeStack(Construct scope, String id, StackProps props, DeploymentConfig config, ServicesStack services) {
        super(scope, id, props);
        Bucket logs = Bucket.Builder.create(this, "EdgeLogs")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                // CloudFront's standard logs are delivered with an object ACL.
                .objectOwnership(ObjectOwnership.OBJECT_WRITER)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        suppress(logs, "AwsSolutions-S1", "This bucket is the log destination; logging it into itself would loop.");
        Bucket spa = Bucket.Builder.create(this, "Spa")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix("spa-bucket/")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // The SPA's routes (/inventory/42, /audit…) are files only to the browser: any path without a file
        // extension is answered with index.html. Only the default behaviour runs this, so /api/* errors stay the
        // API's own problem+json.
        Function spaRoutes = Function.Builder.create(this, "SpaRoutes")
                .runtime(FunctionRuntime.JS_2_0)
                .comment("SPA routes to /index.html")
                .code(FunctionCode.fromInline("function handler(event) {\n"
                        + "  var request = event.request;\n"
                        + "  var last = request.uri.split('/').pop();\n"
                        + "  if (last.indexOf('.') === -1) { request.uri = '/index.html'; }\n"
                        + "  return request;\n"
                        + "}\n"))
                .build();

        webAcl = buildWebAcl();
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Stockade: SPA and API on one origin")
                .domainNames(List.of(config.domainName()))
                .certificate(Certificate.fromCertificateArn(this, "Certificate", config.edgeCertificateArn()))
                .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultRootObject("index.html")
                .webAclId(webAcl.getAttrArn())
                .enableLogging(true)
                .logBucket(logs)
                .logFilePrefix("cloudfront/")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(spa))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .compress(true)
                        .responseHeadersPolicy(headersPolicy("SpaHeaders", true))
                        .functionAssociations(List.of(FunctionAssociation.builder()
                                .eventType(FunctionEventType.VIEWER_REQUEST)
                                .function(spaRoutes)
                                .build()))
                        .build())
                .additionalBehaviors(Map.of(
                        "/api/*",
                        BehaviorOptions.builder()
                                .origin(VpcOrigin.withApplicationLoadBalancer(
                                        services.loadBalancer(),
                                        VpcOriginWithEndpointProps.builder()
                                                .domainName(config.originDomainName())
                                                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                                                .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                                                // Long enough between two bytes of a live stream (15 s heartbeat).
                                                .readTimeout(Duration.seconds(60))
                                                .build()))
                                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                                .allowedMethods(AllowedMethods.ALLOW_ALL)
                                .cachePolicy(CachePolicy.CACHING_DISABLED)
                                // Cookies, query strings and every header but Host: the origin name is the
                                // certificate's, and the jar never takes its address from Host.
                                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                                .compress(false)
                                // The jar's answers already carry these headers (stricter ones on images): keep
                                // them, add any missing.
                                .responseHeadersPolicy(headersPolicy("ApiHeaders", false))
                                .build()))
                .build();
        suppress(
                distribution,
                "AwsSolutions-CFR1",
                "Stockade serves warehouses wherever the customer has them; no country list can be assumed.");
    }

    /**
     * The headers of {@link JarSecurityHeaders}, the constants the jar writes on every response. {@code override}:
     * replace what the origin sent (S3 sends none of them) or only fill in the missing ones.
     */
    private ResponseHeadersPolicy headersPolicy(String id, boolean override) {
        return ResponseHeadersPolicy.Builder.create(this, id)
                .comment("The jar's security headers (io.stockade.platform.security.SecurityHeaders)")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(JarSecurityHeaders.CONTENT_SECURITY_POLICY)
                                .override(override)
                                .build())
                        .strictTransportSecurity(hsts(override))
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.valueOf(JarSecurityHeaders.FRAME_OPTIONS))
                                .override(override)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder()
                                .override(override)
                                .build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.valueOf(JarSecurityHeaders.REFERRER_POLICY
                                        .toUpperCase(Locale.ROOT)
                                        .replace('-', '_')))
                                .override(override)
                                .build())
                        .xssProtection(ResponseHeadersXSSProtection.builder()
                                .protection(!"0".equals(JarSecurityHeaders.XSS_PROTECTION))
                                .override(override)
                                .build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder()
                        .customHeaders(List.of(
                                ResponseCustomHeader.builder()
                                        .header("Permissions-Policy")
                                        .value(JarSecurityHeaders.PERMISSIONS_POLICY)
                                        .override(override)
                                        .build(),
                                ResponseCustomHeader.builder()
                                        .header("Cross-Origin-Opener-Policy")
                                        .value(JarSecurityHeaders.CROSS_ORIGIN_OPENER_POLICY)
                                        .override(override)
                                        .build()))
                        .build())
                .build();
    }

    private static ResponseHeadersStrictTransportSecurity hsts(boolean override) {
        long maxAge = -1;
        boolean subdomains = false;
        boolean preload = false;
        for (String part : JarSecurityHeaders.STRICT_TRANSPORT_SECURITY.split(";")) {
            String directive = part.trim();
            if (directive.startsWith("max-age=")) {
                maxAge = Long.parseLong(directive.substring("max-age=".length()));
            } else if (directive.equalsIgnoreCase("includeSubDomains")) {
                subdomains = true;
            } else if (directive.equalsIgnoreCase("preload")) {
                preload = true;
            } else {
                throw new IllegalStateException("unknown HSTS directive: " + directive);
            }
        }
        return ResponseHeadersStrictTransportSecurity.builder()
                .accessControlMaxAge(Duration.seconds(maxAge))
                .includeSubdomains(subdomains)
                .preload(preload)
                .override(override)
                .build();
    }

    /**
     * AWS managed rule groups, and per-address rate ceilings about ten times the application's own limits
     * (WAF has no 15-minute window; it counts over 5 minutes). A warehouse shares one NAT address, so these
     * stop floods, not people: the application's own per-user and per-account limits do the fine work.
     */
    private CfnWebACL buildWebAcl() {
        return CfnWebACL.Builder.create(this, "WebAcl")
                .scope("CLOUDFRONT")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build())
                        .build())
                .visibilityConfig(visibility("stockade"))
                .rules(List.of(
                        // Sign-in: the jar allows 30 attempts per address per 15 minutes (10 per 5); ten times that.
                        rateRule("SignInRate", 0, 100, "/api/auth/"),
                        // Signed-in requests: 1,000 per user per hour with a bucket of 1,000; ten users' full
                        // buckets from one address within 5 minutes is the ceiling.
                        rateRule("ApiRate", 1, 10_000, "/api/"),
                        managed("AWSManagedRulesAmazonIpReputationList", 2, List.of()),
                        // Image uploads and catalogue CSV imports have bodies past the common rule set's 8 KB
                        // limit; the jar enforces its own size limits on them.
                        managed("AWSManagedRulesCommonRuleSet", 3, List.of("SizeRestrictions_BODY")),
                        managed("AWSManagedRulesKnownBadInputsRuleSet", 4, List.of()),
                        managed("AWSManagedRulesSQLiRuleSet", 5, List.of())))
                .build();
    }

    private static CfnWebACL.RuleProperty rateRule(String name, int priority, int limit, String pathPrefix) {
        return CfnWebACL.RuleProperty.builder()
                .name(name)
                .priority(priority)
                .action(CfnWebACL.RuleActionProperty.builder()
                        .block(CfnWebACL.BlockActionProperty.builder()
                                .customResponse(CfnWebACL.CustomResponseProperty.builder()
                                        .responseCode(429)
                                        .build())
                                .build())
                        .build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                .aggregateKeyType("IP")
                                .limit(limit)
                                .evaluationWindowSec(300)
                                .scopeDownStatement(CfnWebACL.StatementProperty.builder()
                                        .byteMatchStatement(CfnWebACL.ByteMatchStatementProperty.builder()
                                                .fieldToMatch(CfnWebACL.FieldToMatchProperty.builder()
                                                        .uriPath(Map.of())
                                                        .build())
                                                .positionalConstraint("STARTS_WITH")
                                                .searchString(pathPrefix)
                                                .textTransformations(
                                                        List.of(CfnWebACL.TextTransformationProperty.builder()
                                                                .priority(0)
                                                                .type("NONE")
                                                                .build()))
                                                .build())
                                        .build())
                                .build())
                        .build())
                .visibilityConfig(visibility(name))
                .build();
    }

    private static CfnWebACL.RuleProperty managed(String group, int priority, List<String> countOnly) {
        return CfnWebACL.RuleProperty.builder()
                .name(group)
                .priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                        .none(Map.of())
                        .build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                .vendorName("AWS")
                                .name(group)
                                .ruleActionOverrides(
                                        countOnly.isEmpty()
                                                ? null
                                                : countOnly.stream()
                                                        .map(rule -> CfnWebACL.RuleActionOverrideProperty.builder()
                                                                .name(rule)
                                                                .actionToUse(CfnWebACL.RuleActionProperty.builder()
                                                                        .count(CfnWebACL.CountActionProperty.builder()
                                                                                .build())
                                                                        .build())
                                                                .build())
                                                        .toList())
                                .build())
                        .build())
                .visibilityConfig(visibility(group))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String name) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .metricName(name)
                .cloudWatchMetricsEnabled(true)
                .sampledRequestsEnabled(true)
                .build();
    }

    public Distribution distribution() {
        return distribution;
    }

    public CfnWebACL webAcl() {
        return webAcl;
    }
}
