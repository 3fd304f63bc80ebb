package io.stockade.platform.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.TenantId;
import io.stockade.platform.config.StockadeProperties;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedUrlsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private final TenantId tenant = TenantId.random();

    private static SignedUrls at(Instant instant) {
        return new SignedUrls(
                new StockadeProperties(null, null, null, null, null),
                "test-signing-key",
                Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static Map<String, String> params(String url) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void shouldAcceptAnUntouchedLinkAndNameItsTenant() {
        String url = at(NOW).sign(tenant, "/api/inventory/1/barcode.png", Map.of("code", "STK1", "format", "qr"));
        assertThat(at(NOW.plusSeconds(60)).verify("/api/inventory/1/barcode.png", params(url)))
                .hasValue(tenant);
    }

    @Test
    void shouldRefuseExpiredTamperedOrMovedLinks() {
        String url = at(NOW).sign(tenant, "/api/inventory/1/barcode.png", Map.of("code", "STK1"));
        assertThat(at(NOW.plus(SignedUrls.TTL).plusSeconds(1)).verify("/api/inventory/1/barcode.png", params(url)))
                .isEmpty();
        Map<String, String> forged = params(url);
        forged.put("code", "STK2");
        assertThat(at(NOW).verify("/api/inventory/1/barcode.png", forged)).isEmpty();
        Map<String, String> otherTenant = params(url);
        otherTenant.put("tid", TenantId.random().toString());
        assertThat(at(NOW).verify("/api/inventory/1/barcode.png", otherTenant)).isEmpty();
        assertThat(at(NOW).verify("/api/inventory/2/barcode.png", params(url))).isEmpty();
        Map<String, String> unsigned = params(url);
        unsigned.remove("sig");
        assertThat(at(NOW).verify("/api/inventory/1/barcode.png", unsigned)).isEmpty();
        SignedUrls otherKey = new SignedUrls(
                new StockadeProperties(null, null, null, null, null), "another-key", Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(otherKey.verify("/api/inventory/1/barcode.png", params(url))).isEmpty();
    }
}
