package io.stockade.platform.config;

import io.stockade.platform.security.JwtKeys;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;

/**
 * Production mode refuses to start on anything generated or unsafe, and names every problem at
 * once: the embedded default's conveniences (generated keys, open API docs, plain HTTP) are for a
 * laptop, not for a deployment.
 */
public class ProductionGuard implements SmartInitializingSingleton {
    private final StockadeProperties properties;
    private final Environment env;
    private final JwtKeys keys;

    public ProductionGuard(StockadeProperties properties, Environment env, JwtKeys keys) {
        this.properties = properties;
        this.env = env;
        this.keys = keys;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.production()) {
            return;
        }
        List<String> problems = problems(properties, env, keys);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Production mode refuses to start:\n - " + String.join("\n - ", problems));
        }
    }

    static List<String> problems(StockadeProperties properties, Environment env, JwtKeys keys) {
        List<String> problems = new ArrayList<>();
        if (env.getProperty("spring.datasource.url") == null) {
            problems.add("no external database: set SPRING_DATASOURCE_URL, _USERNAME and _PASSWORD");
        }
        if (keys.generated()) {
            problems.add("the JWT signing key was generated: provide STOCKADE_JWT_PRIVATE_KEY (PEM, PKCS#8 RSA)");
        }
        if (env.getProperty("stockade.api-docs-public", Boolean.class, false)) {
            problems.add("STOCKADE_API_DOCS_PUBLIC=true: the API documentation is Admin-only in production");
        }
        boolean tls = env.getProperty("server.ssl.enabled", Boolean.class, false)
                || env.getProperty("stockade.tls-terminated-upstream", Boolean.class, false);
        if (!tls) {
            problems.add(
                    "plain HTTP: enable server.ssl.* or declare STOCKADE_TLS_TERMINATED_UPSTREAM=true behind a TLS proxy "
                            + "(cookies are marked Secure and would never be sent back over HTTP)");
        }
        if (env.getProperty("stockade.https.enabled", Boolean.class, true)
                && env.getProperty("stockade.https.keystore") == null) {
            problems.add("the extra HTTPS port would use a self-signed certificate: set STOCKADE_HTTPS_KEYSTORE or "
                    + "STOCKADE_HTTPS_ENABLED=false");
        }
        if (!"ses".equalsIgnoreCase(env.getProperty("stockade.mail.transport", "file"))) {
            problems.add("e-mail would only be written to files: set STOCKADE_MAIL_TRANSPORT=ses, STOCKADE_MAIL_FROM "
                    + "and the SES region (STOCKADE_MAIL_SES_REGION or AWS_REGION)");
        }
        String auditKey = env.getProperty("stockade.audit.signing-key");
        if (auditKey == null || auditKey.isBlank()) {
            problems.add(
                    "the audit checkpoint key would be generated into the data directory: provide "
                            + "STOCKADE_AUDIT_SIGNING_KEY (a note signer key, PRIVATE+KEY+<name>+<id>+<key>; never the JWT key)");
        }
        if (env.getProperty("STOCKADE_PERSONAL_DATA_KMS_KEY", "").isBlank()
                && env.getProperty("STOCKADE_PERSONAL_DATA_WRAPPING_KEY", "").isBlank()) {
            problems.add("each person's personal-data key would be stored in clear in the database: set "
                    + "STOCKADE_PERSONAL_DATA_KMS_KEY (an AWS KMS key) or STOCKADE_PERSONAL_DATA_WRAPPING_KEY "
                    + "(openssl rand -base64 32, the same on every service)");
        }
        if (EventStoreMode.axonServer(env)) {
            problems.addAll(axonServerProblems(env));
        }
        if (!env.getProperty("stockade.security.cookie-secure", Boolean.class, true)) {
            problems.add("STOCKADE_SECURITY_COOKIE_SECURE=false: session cookies must be Secure in production");
        }
        return problems;
    }

    /**
     * The Axon Server connector carries every command, query and event, with their personal data and audit
     * metadata: in production it must prove who it is (the access-control token) and never travel in clear.
     */
    static List<String> axonServerProblems(Environment env) {
        List<String> problems = new ArrayList<>();
        String servers = env.getProperty("axon.axonserver.servers");
        if (servers == null || servers.isBlank()) {
            problems.add("STOCKADE_EVENT_STORE=axonserver without AXON_AXONSERVER_SERVERS: name the Axon Server "
                    + "nodes (host:8124, comma-separated) instead of the connector's default localhost");
        }
        String token = env.getProperty("axon.axonserver.token");
        if (token == null || token.isBlank()) {
            problems.add("STOCKADE_EVENT_STORE=axonserver without AXON_AXONSERVER_TOKEN: Axon Server must run with "
                    + "access control (axoniq.axonserver.accesscontrol.enabled=true) and every node must present its "
                    + "token");
        }
        if (!env.getProperty("axon.axonserver.ssl-enabled", Boolean.class, false)) {
            problems.add("STOCKADE_EVENT_STORE=axonserver without AXON_AXONSERVER_SSL_ENABLED=true: the gRPC "
                    + "connection would carry events and tokens in clear (AXON_AXONSERVER_CERT_FILE names the CA "
                    + "certificate when it is not publicly trusted)");
        }
        return problems;
    }
}
