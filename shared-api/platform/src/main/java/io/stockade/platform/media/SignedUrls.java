package io.stockade.platform.media;

import io.stockade.api.common.TenantId;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.config.StockadeProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived, tenant-bound links for what {@code <img>} tags and downloads fetch without the
 * in-memory access token: HMAC-SHA256 over the path, every parameter, the tenant and the expiry.
 * A link grants one resource for minutes; it is not a credential for anything else.
 */
public class SignedUrls {
    public static final Duration TTL = Duration.ofMinutes(10);
    private final byte[] key;
    private final Clock clock;

    public SignedUrls(StockadeProperties properties, String configuredKey, Clock clock) {
        String secret = configuredKey != null && !configuredKey.isBlank()
                ? configuredKey
                : SecretFiles.readOrCreate(
                        properties.dataDir().resolve("secrets").resolve("url-signing.key"),
                        () -> SecretFiles.randomToken(32));
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** The path with its parameters plus {@code tid}, {@code exp} and {@code sig}. */
    public String sign(TenantId tenant, String path, Map<String, String> params) {
        long exp = clock.instant().plus(TTL).getEpochSecond();
        TreeMap<String, String> all = new TreeMap<>(params);
        all.put("tid", tenant.toString());
        all.put("exp", Long.toString(exp));
        StringBuilder url = new StringBuilder(path).append('?');
        all.forEach((k, v) -> url.append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        return url.append("sig=").append(mac(path, all)).toString();
    }

    /** The tenant the link was issued for, if its signature is right and it has not expired. */
    public Optional<TenantId> verify(String path, Map<String, String> params) {
        TreeMap<String, String> all = new TreeMap<>(params);
        String sig = all.remove("sig");
        String tid = all.get("tid");
        String exp = all.get("exp");
        if (sig == null || tid == null || exp == null) {
            return Optional.empty();
        }
        long expiry;
        try {
            expiry = Long.parseLong(exp);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        boolean valid = MessageDigest.isEqual(
                mac(path, all).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
        if (!valid || clock.instant().getEpochSecond() > expiry) {
            return Optional.empty();
        }
        try {
            return Optional.of(TenantId.of(tid));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every item view carries four links: one initialised Mac per thread instead of a provider lookup per link. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private String mac(String path, TreeMap<String, String> params) {
        Mac mac = macs.get();
        mac.reset();
        mac.update(path.getBytes(StandardCharsets.UTF_8));
        params.forEach((k, v) -> {
            mac.update((byte) 0);
            mac.update(k.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '=');
            mac.update(v.getBytes(StandardCharsets.UTF_8));
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
    }
}
