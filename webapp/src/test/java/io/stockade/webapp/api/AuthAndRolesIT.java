package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthAndRolesIT extends ApiTestBase {

    @Test
    void shouldIssueATokenAndDescribeTheUserWhenCredentialsAreRight() {
        Api.Response r =
                anonymous().post("/api/auth/login", Map.of("username", "admin", "password", Api.ADMIN_PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.at("/token").asText()).contains(".");
        assertThat(r.at("/user/role").asText()).isEqualTo("Admin");
        assertThat(r.at("/user/email").asText()).isEqualTo("admin@example.test");
        Api.Response me = anonymous().as(r.at("/token").asText()).get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.at("/user/username").asText()).isEqualTo("admin");
    }

    @Test
    void shouldAnswer401AlikeForUnknownUsersAndWrongPasswords() {
        Api.Response wrong =
                anonymous().post("/api/auth/login", Map.of("username", "admin", "password", "nope-nope-nope"));
        Api.Response unknown =
                anonymous().post("/api/auth/login", Map.of("username", "ghost-" + shortId(), "password", "x"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.at("/detail").asText()).isEqualTo(unknown.at("/detail").asText());
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", "admin"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void shouldRefuseRequestsWithoutAValidToken() {
        assertThat(anonymous().get("/api/inventory").status()).isEqualTo(401);
        assertThat(anonymous().get("/api/inventory").header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous().as("not.a.token").get("/api/inventory").status()).isEqualTo(401);
        String token = admin().token();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(anonymous().as(tampered).get("/api/inventory").status()).isEqualTo(401);
        String[] parts = token.split("\\.");
        String unsigned = "eyJhbGciOiJub25lIn0." + parts[1] + ".";
        assertThat(anonymous().as(unsigned).get("/api/inventory").status()).isEqualTo(401);
    }

    @Test
    void shouldEnforceSeed004RolesOnEveryEndpoint() {
        String id = createItem("Roles " + shortId(), 5, 1).get("id").asText();
        Map<String, Object> item = Map.of("name", "R", "location", "A");
        Map<String, Object> move = Map.of("quantity", 1, "reason", "r", "type", "addition");
        // create: Manager/Admin
        assertThat(staff().post("/api/inventory", item).status()).isEqualTo(403);
        assertThat(auditor().post("/api/inventory", item).status()).isEqualTo(403);
        assertThat(manager().post("/api/inventory", item).status()).isEqualTo(201);
        // stock: Staff, Manager, Admin; the Auditor changes nothing
        assertThat(staff().post("/api/inventory/" + id + "/stock", move).status())
                .isEqualTo(200);
        assertThat(auditor().post("/api/inventory/" + id + "/stock", move).status())
                .isEqualTo(403);
        // reads: everyone
        for (Api who : new Api[] {staff(), auditor(), manager(), admin()}) {
            assertThat(who.get("/api/inventory").status()).isEqualTo(200);
            assertThat(who.get("/api/inventory/" + id).status()).isEqualTo(200);
            assertThat(who.get("/api/dashboard/metrics").status()).isEqualTo(200);
            assertThat(who.get("/api/categories").status()).isEqualTo(200);
        }
        // transactions: Manager, Admin, Auditor
        assertThat(staff().get("/api/transactions").status()).isEqualTo(403);
        assertThat(auditor().get("/api/transactions").status()).isEqualTo(200);
        assertThat(manager().get("/api/transactions").status()).isEqualTo(200);
        // users: Admin; the lookup also for Manager and Auditor
        assertThat(manager().get("/api/users").status()).isEqualTo(403);
        assertThat(admin().get("/api/users").status()).isEqualTo(200);
        assertThat(auditor().get("/api/users/lookup?search=a").status()).isEqualTo(200);
        assertThat(staff().get("/api/users/lookup").status()).isEqualTo(403);
        assertThat(manager()
                        .post(
                                "/api/auth/register",
                                Map.of(
                                        "username",
                                        "x" + shortId(),
                                        "email",
                                        "x@example.test",
                                        "password",
                                        PASSWORD,
                                        "role",
                                        "Staff"))
                        .status())
                .isEqualTo(403);
        assertThat(staff().get("/health/detailed").status()).isEqualTo(403);
        assertThat(admin().get("/health/detailed").status()).isEqualTo(200);
    }

    @Test
    void shouldServeDeploymentWideViewsOnlyOnTheManagementPort() {
        // An organisation's Admin sees what concerns the organisation, not the deployment's processors.
        Api.Response detailed = admin().get("/health/detailed");
        assertThat(detailed.status()).isEqualTo(200);
        assertThat(detailed.body().has("database")).isTrue();
        assertThat(detailed.body().has("processors")).isFalse();
        // Actuator is never on the public port, for any role.
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/processors", "/actuator/prometheus")) {
            assertThat(admin().get(path).status()).as(path).isIn(401, 403, 404);
            assertThat(anonymous().get(path).status()).as(path).isIn(401, 403, 404);
        }
        // The operator's port (loopback) answers them.
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(operator().get("/actuator/health").status()).isEqualTo(200);
        Api.Response processors = operator().get("/actuator/processors");
        assertThat(processors.status()).isEqualTo(200);
        assertThat(processors.body().get("processors").findValuesAsText("name")).contains("inventory-items");
        // The application's own API is not served there.
        assertThat(operator().get("/api/inventory").status()).isEqualTo(404);
    }

    @Test
    void shouldRegisterUsersWithAStrongUniquePassword() {
        String name = "newbie-" + shortId();
        Map<String, Object> weak =
                Map.of("username", name, "email", name + "@example.test", "password", "short", "role", "Staff");
        Api.Response r = admin().post("/api/auth/register", weak);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.at("/errors/0/field").asText()).isEqualTo("password");
        Map<String, Object> ok =
                Map.of("username", name, "email", name + "@example.test", "password", PASSWORD, "role", "Staff");
        assertThat(admin().post("/api/auth/register", ok).status()).isEqualTo(201);
        Api.Response duplicate = admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                name.toUpperCase(),
                                "email",
                                "other-" + name + "@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                "Staff"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.at("/errors/0/field").asText()).isEqualTo("username");
        Api.Response badRole = admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                "r" + shortId(),
                                "email",
                                "r@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                "Overlord"));
        assertThat(badRole.status()).isEqualTo(400);
        // A password longer than BCrypt's 72 bytes counts in full.
        String longPassword = "Aa1!" + "ü".repeat(60);
        String longName = "long-" + shortId();
        assertThat(admin().post(
                                "/api/auth/register",
                                Map.of(
                                        "username",
                                        longName,
                                        "email",
                                        longName + "@example.test",
                                        "password",
                                        longPassword,
                                        "role",
                                        "Staff"))
                        .status())
                .isEqualTo(201);
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", longName, "password", longPassword))
                        .status())
                .isEqualTo(200);
        assertThat(anonymous()
                        .post(
                                "/api/auth/login",
                                Map.of(
                                        "username",
                                        longName,
                                        "password",
                                        longPassword.substring(0, longPassword.length() - 1) + "x"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void shouldChangeRolesDeactivateAndProtectTheLastAdmin() {
        String name = "temp-" + shortId();
        Api.Response created = admin().post(
                        "/api/auth/register",
                        Map.of(
                                "username",
                                name,
                                "email",
                                name + "@example.test",
                                "password",
                                PASSWORD,
                                "role",
                                "Staff"));
        String id = created.at("/user/id").asText();
        Api.Response promoted = admin().put("/api/users/" + id, Map.of("role", "Manager"));
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.at("/user/role").asText()).isEqualTo("Manager");
        assertThat(admin().delete("/api/users/" + id).status()).isEqualTo(200);
        assertThat(anonymous()
                        .post("/api/auth/login", Map.of("username", name, "password", PASSWORD))
                        .status())
                .isEqualTo(401);

        String adminId = admin().get("/api/auth/me").at("/user/id").asText();
        Api.Response demote = admin().put("/api/users/" + adminId, Map.of("role", "Staff"));
        assertThat(demote.status()).isEqualTo(400);
        assertThat(demote.at("/type").asText()).endsWith("/last-admin");
        assertThat(admin().delete("/api/users/" + adminId).status()).isEqualTo(400);
        assertThat(otherOrganisationAdmin()
                        .put("/api/users/" + id, Map.of("role", "Admin"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void shouldSendSecurityHeadersOnEveryResponse() {
        for (Api.Response r : new Api.Response[] {
            anonymous().get("/health"), anonymous().get("/api/inventory"), admin().get("/api/inventory")
        }) {
            assertThat(r.header("Content-Security-Policy"))
                    .contains("default-src 'self'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.header("Strict-Transport-Security")).contains("max-age=");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isNotBlank();
            assertThat(r.header("Permissions-Policy")).contains("camera=(self)");
        }
        Api.Response health = anonymous().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.at("/status").asText()).isEqualTo("ok");
        assertThat(health.at("/uptime").isNumber()).isTrue();
        assertThat(health.at("/timestamp").asText()).isNotBlank();
    }

    @Test
    void shouldLetUsersManageTheirOwnProfileAndPassword() {
        Api me = user("Staff");
        Api.Response profile = me.get("/api/profile");
        assertThat(profile.status()).isEqualTo(200);
        String username = profile.at("/user/username").asText();
        Api.Response wrong =
                me.post("/api/profile/password", Map.of("currentPassword", "wrong", "newPassword", "N3w-Passw0rd!!"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.at("/errors/0/field").asText()).isEqualTo("currentPassword");
        Api.Response weak =
                me.post("/api/profile/password", Map.of("currentPassword", PASSWORD, "newPassword", "weak"));
        assertThat(weak.status()).isEqualTo(400);
        Api.Response email = me.put("/api/profile", Map.of("email", username + "+new@example.test"));
        assertThat(email.status()).isEqualTo(200);
        assertThat(email.at("/user/email").asText()).isEqualTo(username + "+new@example.test");
    }
}
