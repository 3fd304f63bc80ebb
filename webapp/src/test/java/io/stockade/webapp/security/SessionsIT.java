package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sessions as a browser holds them: the refresh cookie rotates on every use, a reused refresh
 * token ends its whole family, CSRF is required on the cookie endpoints, and every way a session
 * ends (logout, own revocation, Admin revocation, password change, role change, deactivation)
 * makes its access token fail at once.
 */
class SessionsIT extends ApiTestBase {

    private String newUser(String role) {
        String username = "sess-" + UUID.randomUUID().toString().substring(0, 8);
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

    private static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    private static JsonNode header(String jwt) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }

    @Test
    void shouldSetHardenedCookiesAndAShortLivedTokenOnSignIn() throws Exception {
        String user = newUser("Staff");
        Api.BrowserSession s = anonymous().signIn(user, PASSWORD);

        String refresh = Api.setCookie(s.login(), "stockade_refresh");
        assertThat(refresh)
                .contains("HttpOnly")
                .contains("Secure")
                .contains("SameSite=Strict")
                .contains("Path=/api/auth");
        String csrf = Api.setCookie(s.login(), "stockade_csrf");
        assertThat(csrf)
                .doesNotContain("HttpOnly")
                .contains("Secure")
                .contains("SameSite=Strict")
                .contains("Path=/");
        assertThat(s.refreshToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(s.login().body().has("refreshToken"))
                .as("the refresh token never reaches the page")
                .isFalse();

        JsonNode h = header(s.token());
        assertThat(h.get("alg").asText()).isEqualTo("RS256");
        assertThat(h.get("kid").asText()).isNotBlank();
        JsonNode c = claims(s.token());
        assertThat(c.get("exp").asLong() - c.get("iat").asLong()).isEqualTo(15 * 60);
        assertThat(c.get("sid").asText()).isNotBlank();
        assertThat(c.get("aud").toString()).contains("stockade-api");
        assertThat(c.get("amr").toString()).contains("pwd");
    }

    @Test
    void shouldRotateTheRefreshTokenOnEveryUse() throws Exception {
        String user = newUser("Staff");
        Api.BrowserSession s = anonymous().signIn(user, PASSWORD);
        String first = s.refreshToken();
        String sid = claims(s.token()).get("sid").asText();

        Api.Response r = s.refresh();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(s.refreshToken()).isNotEqualTo(first);
        assertThat(claims(s.token()).get("sid").asText())
                .as("same session, new token")
                .isEqualTo(sid);
        assertThat(s.api().get("/api/auth/me").status()).isEqualTo(200);
        assertThat(s.refresh().status()).as("the successor works once too").isEqualTo(200);
    }

    @Test
    void shouldEndTheWholeFamilyWhenAUsedRefreshTokenComesBack() {
        String user = newUser("Staff");
        Api.BrowserSession s = anonymous().signIn(user, PASSWORD);
        String stolen = s.refreshToken();
        assertThat(s.refresh().status()).isEqualTo(200);
        String legitimateLatest = s.refreshToken();
        Api api = s.api();
        assertThat(api.get("/api/auth/me").status()).isEqualTo(200);

        Api.Response replay = s.refreshWith(stolen, s.csrf(), s.csrf());

        assertThat(replay.status()).as(replay.toString()).isEqualTo(401);
        assertThat(s.refreshWith(legitimateLatest, s.csrf(), s.csrf()).status())
                .as("the thief's copy and the owner's newer token die together")
                .isEqualTo(401);
        assertThat(api.get("/api/auth/me").status())
                .as("and the access token of the session")
                .isEqualTo(401);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(admin().get("/api/security/events?type=REFRESH_TOKEN_REUSED")
                                .body()
                                .get("events")
                                .toString())
                        .contains(user));
    }

    @Test
    void shouldRefuseCookieEndpointsWithoutTheCsrfTokenAndChangeNothing() {
        String user = newUser("Staff");
        Api.BrowserSession s = anonymous().signIn(user, PASSWORD);
        Api.BrowserSession other = anonymous().signIn(user, PASSWORD);

        Api.Response noHeader = s.refreshWith(s.refreshToken(), s.csrf(), null);
        Api.Response wrongHeader = s.refreshWith(s.refreshToken(), s.csrf(), "forged");
        Api.Response otherSessions = s.refreshWith(s.refreshToken(), other.csrf(), other.csrf());
        Api.Response logoutNoHeader = anonymous().cookiePost("/api/auth/logout", s.refreshToken(), s.csrf(), null);

        for (Api.Response r : List.of(noHeader, wrongHeader, otherSessions, logoutNoHeader)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.body().get("type").asText()).endsWith("/csrf");
        }
        assertThat(s.refresh().status())
                .as("the refused attempts used nothing up")
                .isEqualTo(200);
        assertThat(s.api().get("/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void shouldEndTheSessionOnLogout() {
        String user = newUser("Staff");
        Api.BrowserSession s = anonymous().signIn(user, PASSWORD);
        String refresh = s.refreshToken();

        Api.Response out = s.logout();

        assertThat(out.status()).isEqualTo(204);
        assertThat(Api.setCookie(out, "stockade_refresh")).contains("Max-Age=0");
        assertThat(s.api().get("/api/auth/me").status()).isEqualTo(401);
        assertThat(s.refreshWith(refresh, s.csrf(), s.csrf()).status()).isEqualTo(401);
    }

    @Test
    void shouldListOwnSessionsAndRevokeOneOfThem() {
        String user = newUser("Manager");
        Api.BrowserSession laptop = anonymous().signIn(user, PASSWORD);
        Api.BrowserSession phone = anonymous().signIn(user, PASSWORD);

        JsonNode list = laptop.api().get("/api/auth/sessions").body().get("sessions");
        assertThat(list).hasSize(2);
        String phoneId = null;
        for (JsonNode n : list) {
            assertThat(n.get("device").asText()).isNotBlank();
            assertThat(n.get("createdAt").asText()).isNotBlank();
            assertThat(n.has("lastUsedAt")).isTrue();
            if (!n.get("current").asBoolean()) {
                phoneId = n.get("id").asText();
            }
        }
        assertThat(phoneId).isNotNull();

        assertThat(staff().delete("/api/auth/sessions/" + phoneId).status())
                .as("not theirs")
                .isEqualTo(404);
        assertThat(laptop.api().delete("/api/auth/sessions/" + phoneId).status())
                .isEqualTo(204);

        assertThat(phone.api().get("/api/auth/me").status()).isEqualTo(401);
        assertThat(phone.refresh().status()).isEqualTo(401);
        assertThat(laptop.api().get("/api/auth/sessions").body().get("sessions"))
                .hasSize(1);
    }

    @Test
    void shouldLetAnAdminEndEverySessionOfAUserOfTheirOrganisationOnly() {
        String user = newUser("Staff");
        Api.BrowserSession a = anonymous().signIn(user, PASSWORD);
        Api.BrowserSession b = anonymous().signIn(user, PASSWORD);
        String id = a.login().body().at("/user/id").asText();

        assertThat(otherOrganisationAdmin()
                        .delete("/api/users/" + id + "/sessions")
                        .status())
                .isEqualTo(404);
        assertThat(manager().delete("/api/users/" + id + "/sessions").status()).isEqualTo(403);
        assertThat(a.api().get("/api/auth/me").status()).as("nothing ended yet").isEqualTo(200);

        assertThat(admin().delete("/api/users/" + id + "/sessions").status()).isEqualTo(204);

        for (Api.BrowserSession s : List.of(a, b)) {
            assertThat(s.api().get("/api/auth/me").status()).isEqualTo(401);
            assertThat(s.refresh().status()).isEqualTo(401);
        }
    }

    @Test
    void shouldEndOtherSessionsButKeepThisOneOnPasswordChange() throws Exception {
        String user = newUser("Staff");
        Api.BrowserSession here = anonymous().signIn(user, PASSWORD);
        Api.BrowserSession elsewhere = anonymous().signIn(user, PASSWORD);

        Api.Response changed = here.api()
                .post(
                        "/api/profile/password",
                        Map.of("currentPassword", PASSWORD, "newPassword", "Fresh-Passw0rd-77!"));

        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);
        assertThat(elsewhere.api().get("/api/auth/me").status()).isEqualTo(401);
        assertThat(elsewhere.refresh().status()).isEqualTo(401);
        assertThat(here.api().get("/api/auth/me").status()).isEqualTo(200);
        assertThat(here.refresh().status()).isEqualTo(200);
        assertThat(claims(here.token()).get("pwd_change").asBoolean()).isFalse();
    }

    @Test
    void shouldRefuseTheLastFivePasswordsAgain() {
        String user = newUser("Staff");
        Api api = anonymous().signIn(user, PASSWORD).api();
        List<String> used = new ArrayList<>(List.of(PASSWORD));
        for (int i = 1; i <= 2; i++) {
            String next = "Rotation-" + i + "-Passw0rd!";
            assertThat(api.post(
                                    "/api/profile/password",
                                    Map.of("currentPassword", used.get(used.size() - 1), "newPassword", next))
                            .status())
                    .isEqualTo(204);
            used.add(next);
        }
        Api.Response again =
                api.post("/api/profile/password", Map.of("currentPassword", used.get(2), "newPassword", PASSWORD));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().at("/errors/0/field").asText()).isEqualTo("newPassword");
        assertThat(again.body().at("/errors/0/message").asText()).contains("last 5");
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", user, "password", used.get(2)))
                        .status())
                .as("nothing changed")
                .isEqualTo(200);
    }

    @Test
    void shouldEndSessionsOnRoleChangeAndDeactivation() {
        String promoted = newUser("Staff");
        Api.BrowserSession p = anonymous().signIn(promoted, PASSWORD);
        String pid = p.login().body().at("/user/id").asText();
        assertThat(admin().put("/api/users/" + pid, Map.of("role", "Manager")).status())
                .isEqualTo(200);
        assertThat(p.api().get("/api/auth/me").status())
                .as("a Staff token must not act after the change")
                .isEqualTo(401);
        assertThat(p.refresh().status()).isEqualTo(401);

        String leaver = newUser("Staff");
        Api.BrowserSession l = anonymous().signIn(leaver, PASSWORD);
        String lid = l.login().body().at("/user/id").asText();
        assertThat(admin().delete("/api/users/" + lid).status()).isEqualTo(200);
        assertThat(l.api().get("/api/inventory").status()).isEqualTo(401);
        assertThat(l.refresh().status()).isEqualTo(401);
    }
}
