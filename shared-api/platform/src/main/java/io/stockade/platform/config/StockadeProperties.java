package io.stockade.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by both sides. Environment variables bind by Spring's relaxed rules:
 * {@code STOCKADE_MODE}, {@code STOCKADE_DATA_DIR}, {@code STOCKADE_JWT_PRIVATE_KEY}, ...
 *
 * @param mode             embedded (the default, everything generated locally) or production (refuses unsafe setups)
 * @param dataDir          where generated secrets, the embedded database and images live
 * @param jwt              token settings
 * @param backdatingWindow how far back Managers and Admins may date an adjustment
 * @param db               database role settings
 */
@ConfigurationProperties(prefix = "stockade")
public record StockadeProperties(Mode mode, Path dataDir, Jwt jwt, Duration backdatingWindow, Db db) {

    public enum Mode {
        EMBEDDED,
        PRODUCTION
    }

    public StockadeProperties {
        mode = mode == null ? Mode.EMBEDDED : mode;
        dataDir = dataDir == null ? Path.of("stockade-data") : dataDir;
        jwt = jwt == null ? new Jwt(null, null, null, null, null, null) : jwt;
        backdatingWindow = backdatingWindow == null ? Duration.ofDays(7) : backdatingWindow;
        db = db == null ? new Db(null, null) : db;
    }

    public boolean production() {
        return mode == Mode.PRODUCTION;
    }

    /**
     * @param privateKey PEM (PKCS#8) RSA private key; generated into the data directory when absent (embedded only)
     * @param keyId      the {@code kid} of that key
     * @param issuer     the {@code iss} claim
     * @param audience   the {@code aud} claim
     * @param accessTtl  lifetime of access tokens
     * @param verificationKeys further PEM (X.509) RSA public keys whose tokens are still accepted: during a
     *                   rotation, the previous signing key goes here until its last token has expired
     */
    public record Jwt(
            String privateKey,
            String keyId,
            String issuer,
            String audience,
            Duration accessTtl,
            List<String> verificationKeys) {
        public Jwt {
            verificationKeys = verificationKeys == null ? List.of() : List.copyOf(verificationKeys);
            issuer = issuer == null ? "stockade" : issuer;
            audience = audience == null ? "stockade-api" : audience;
            accessTtl = accessTtl == null ? Duration.ofMinutes(15) : accessTtl;
        }
    }

    /**
     * Migrations run as the schema owner; the application's own connection (spring.datasource.*) must be
     * a role that is neither superuser nor BYPASSRLS, so that row-level security applies to it.
     *
     * @param migrationUsername owner role for Flyway; defaults to the application's user
     * @param migrationPassword its password
     */
    public record Db(String migrationUsername, String migrationPassword) {}
}
