package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.stockade.command.identity.Totp;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestClock;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * TOTP second factor end to end: enrolment with a QR code that decodes to the otpauth URI, a first
 * code to confirm, ten recovery codes once, a challenge instead of tokens at sign-in, a code (or a
 * recovery code) accepted once, a challenge that dies after five wrong codes, and an organisation
 * policy that gates a role until it enrols.
 */
class MfaIT extends ApiTestBase {
    @Autowired
    TestClock clock;

    @AfterEach
    void reset() {
        clock.reset();
        admin().put("/api/admin/security-policy", Map.of("mfaRequiredRoles", List.of()));
    }

    private String newUser(String role) {
        String username = "mfa-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                username,
                                "email",
                                username + "@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return username;
    }

    private String now(String secret) {
        return Totp.code(secret, Totp.step(clock.instant().getEpochSecond()));
    }

    /** Enrols the signed-in user and returns the Base32 secret and the recovery codes. */
    private record Enrolled(String secret, List<String> recoveryCodes) {}

    private Enrolled enrol(Api api) throws Exception {
        JsonNode e = api.post("/api/auth/mfa/enrolment").body();
        String secret = e.get("secret").asText();
        Api.Response confirmed = api.post("/api/auth/mfa/enrolment/confirm", Map.of("code", now(secret)));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        confirmed.body().get("recoveryCodes").forEach(n -> codes.add(n.asText()));
        return new Enrolled(secret, codes);
    }

    private String challenge(String username) {
        Api.Response r = anonymous().post("/api/auth/login", Map.of("username", username, "password", PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("mfaRequired").asBoolean()).isTrue();
        assertThat(r.body().has("token"))
                .as("no token before the second factor")
                .isFalse();
        assertThat(Api.cookie(r, "stockade_refresh")).isNull();
        return r.body().get("challenge").asText();
    }

    @Test
    void shouldEnrolWithAQrCodeAndConfirmWithAFirstCode() throws Exception {
        String user = newUser("Staff");
        Api api = anonymous().login(user, PASSWORD);
        JsonNode e = api.post("/api/auth/mfa/enrolment").body();
        String uri = e.get("otpauthUri").asText();
        assertThat(uri)
                .startsWith("otpauth://totp/Stockade%3A" + user + "?secret="
                        + e.get("secret").asText())
                .contains("issuer=Stockade")
                .contains("digits=6")
                .contains("period=30");
        String png = e.get("qrCode").asText();
        assertThat(png).startsWith("data:image/png;base64,");
        var image =
                ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.substring(png.indexOf(',') + 1))));
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        assertThat(decoded).isEqualTo(uri);

        Api.Response wrong = api.post(
                "/api/auth/mfa/enrolment/confirm",
                Map.of("code", "000000".equals(now(e.get("secret").asText())) ? "111111" : "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().at("/errors/0/field").asText()).isEqualTo("code");
        assertThat(api.get("/api/auth/mfa").body().get("enrolled").asBoolean()).isFalse();

        Api.Response ok = api.post(
                "/api/auth/mfa/enrolment/confirm",
                Map.of("code", now(e.get("secret").asText())));
        assertThat(ok.status()).isEqualTo(200);
        JsonNode codes = ok.body().get("recoveryCodes");
        assertThat(codes).hasSize(10);
        assertThat(codes.get(0).asText()).matches("[a-z2-7]{5}-[a-z2-7]{5}-[a-z2-7]{5}");
        assertThat(api.get("/api/auth/mfa").body().toString())
                .contains("\"enrolled\":true")
                .contains("\"recoveryCodesLeft\":10");
        assertThat(api.post("/api/auth/mfa/enrolment").status())
                .as("already set up")
                .isEqualTo(409);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin().get("/api/security/events?type=MFA_ENROLLED&limit=100")
                                .body()
                                .toString())
                        .contains(user));
    }

    @Test
    void shouldSignInWithTheSecondFactorAndAcceptEachCodeOnce() throws Exception {
        String user = newUser("Staff");
        Enrolled mfa = enrol(anonymous().login(user, PASSWORD));

        // The code used to confirm the enrolment cannot sign in: it was used.
        Api.Response replay = anonymous()
                .post("/api/auth/mfa/verify", Map.of("challenge", challenge(user), "code", now(mfa.secret())));
        assertThat(replay.status()).isEqualTo(401);

        clock.advance(Duration.ofSeconds(30));
        Api.Response ok = anonymous()
                .post("/api/auth/mfa/verify", Map.of("challenge", challenge(user), "code", now(mfa.secret())));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(Api.cookie(ok, "stockade_refresh")).isNotNull();
        String[] parts = ok.body().get("token").asText().split("\\.");
        assertThat(new String(Base64.getUrlDecoder().decode(parts[1]))).contains("\"amr\":[\"pwd\",\"otp\"]");
        clock.reset();
        assertThat(new Api(port)
                        .as(ok.body().get("token").asText())
                        .get("/api/auth/me")
                        .status())
                .isEqualTo(200);

        // A recovery code works once.
        String recovery = mfa.recoveryCodes().get(3).toUpperCase();
        assertThat(anonymous()
                        .post("/api/auth/mfa/verify", Map.of("challenge", challenge(user), "recoveryCode", recovery))
                        .status())
                .isEqualTo(200);
        assertThat(anonymous()
                        .post("/api/auth/mfa/verify", Map.of("challenge", challenge(user), "recoveryCode", recovery))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void shouldKillAChallengeAfterFiveWrongCodesAndRefuseAForeignOne() throws Exception {
        String user = newUser("Staff");
        Enrolled mfa = enrol(anonymous().login(user, PASSWORD));
        clock.advance(Duration.ofSeconds(30));
        String good = now(mfa.secret());
        String bad = good.equals("123456") ? "654321" : "123456";
        String challenge = challenge(user);
        for (int i = 0; i < 5; i++) {
            assertThat(anonymous()
                            .post("/api/auth/mfa/verify", Map.of("challenge", challenge, "code", bad))
                            .status())
                    .isEqualTo(401);
        }
        assertThat(anonymous()
                        .post("/api/auth/mfa/verify", Map.of("challenge", challenge, "code", good))
                        .status())
                .as("dead after five wrong codes")
                .isEqualTo(401);
        assertThat(anonymous()
                        .post("/api/auth/mfa/verify", Map.of("challenge", "made-up", "code", good))
                        .status())
                .isEqualTo(401);
        assertThat(anonymous()
                        .post("/api/auth/mfa/verify", Map.of("challenge", "made-up", "code", "12ab56"))
                        .status())
                .isEqualTo(400);
        // Wrong second factors count like wrong passwords: five of them lock the account.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(anonymous()
                                .post("/api/auth/login", Map.of("username", user, "password", PASSWORD))
                                .status())
                        .isEqualTo(401));
    }

    @Test
    void shouldGateARoleThePolicyCoversUntilItEnrols() throws Exception {
        Api.Response set = admin().put("/api/admin/security-policy", Map.of("mfaRequiredRoles", List.of("Manager")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body().get("mfaRequiredRoles").toString()).isEqualTo("[\"Manager\"]");
        assertThat(manager()
                        .put("/api/admin/security-policy", Map.of("mfaRequiredRoles", List.of()))
                        .status())
                .isEqualTo(403);

        String user = newUser("Manager");
        Api.BrowserSession s = anonymous().signIn(user, PASSWORD);
        assertThat(s.login().body().get("mfaEnrolmentRequired").asBoolean()).isTrue();
        Api.Response blocked = s.api().get("/api/inventory");
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.body().get("type").asText()).endsWith("/mfa-enrolment-required");

        Enrolled mfa = enrol(s.api());
        assertThat(s.refresh().status()).isEqualTo(200);
        assertThat(s.api().get("/api/inventory").status())
                .as("the refreshed token is not gated")
                .isEqualTo(200);

        Api.Response off = s.api().deleteWithBody("/api/auth/mfa", Map.of());
        assertThat(off.status()).as("password and code are required").isEqualTo(400);
        assertThat(off.body().at("/errors/0/field").asText()).isEqualTo("password");
        clock.advance(Duration.ofSeconds(30));
        Api.Response refused =
                s.api().deleteWithBody("/api/auth/mfa", Map.of("password", PASSWORD, "code", now(mfa.secret())));
        assertThat(refused.status()).as("the policy requires it").isEqualTo(409);
    }

    @Test
    void shouldTurnOffWithPasswordAndCode() throws Exception {
        String user = newUser("Staff");
        Api api = anonymous().login(user, PASSWORD);
        Enrolled mfa = enrol(api);
        clock.advance(Duration.ofSeconds(30));
        assertThat(api.deleteWithBody(
                                "/api/auth/mfa", Map.of("password", "Wrong-Passw0rd-1!", "code", now(mfa.secret())))
                        .status())
                .isEqualTo(400);
        assertThat(api.deleteWithBody("/api/auth/mfa", Map.of("password", PASSWORD, "code", now(mfa.secret())))
                        .status())
                .isEqualTo(204);
        clock.reset();
        Api.Response plain = anonymous().post("/api/auth/login", Map.of("username", user, "password", PASSWORD));
        assertThat(plain.body().has("token")).isTrue();
    }
}
