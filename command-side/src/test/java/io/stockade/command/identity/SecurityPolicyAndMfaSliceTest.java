package io.stockade.command.identity;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import io.stockade.api.common.Role;
import io.stockade.command.CommandSliceTest;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.RoleTokens;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The organisation's security policy (Admin) and each person's own second factor and sessions (anyone signed
 * in), as the README's API table has them.
 */
class SecurityPolicyAndMfaSliceTest extends CommandSliceTest {
    private static final String SESSION = "/api/auth/sessions/00000000-0000-4000-8000-000000000007";

    @Autowired
    private AccountLookupRepository accounts;

    @Autowired
    private Passwords passwords;

    @Autowired
    private Mfa mfa;

    @Autowired
    private Sessions sessions;

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/admin/security-policy", () -> get("/api/admin/security-policy"), 200, Role.ADMIN),
                endpoint(
                        "PUT /api/admin/security-policy",
                        () -> put("/api/admin/security-policy")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"mfaRequiredRoles\":[\"Admin\"]}"),
                        200,
                        Role.ADMIN),
                endpoint("GET /api/auth/mfa", () -> get("/api/auth/mfa"), 200, everyone()),
                endpoint("POST /api/auth/mfa/enrolment", () -> post("/api/auth/mfa/enrolment"), 200, everyone()),
                endpoint(
                        "POST /api/auth/mfa/enrolment/confirm",
                        () -> post("/api/auth/mfa/enrolment/confirm")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"code\":\"123456\"}"),
                        200,
                        everyone()),
                endpoint(
                        "DELETE /api/auth/mfa",
                        () -> delete("/api/auth/mfa")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"password\":\"secret\",\"code\":\"123456\"}"),
                        204,
                        everyone()),
                endpoint("GET /api/auth/sessions", () -> get("/api/auth/sessions"), 200, everyone()),
                endpoint("DELETE /api/auth/sessions/{id}", () -> delete(SESSION), 204, everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(accounts.find(any())).thenReturn(Optional.of(account()));
        when(passwords.matches(any(), any())).thenReturn(true);
        when(mfa.startEnrolment(any())).thenReturn(Optional.of(new Mfa.Enrolment("SECRET", "otpauth://totp/x", "qr")));
        when(mfa.confirm(any(), anyString())).thenReturn(Optional.of(List.of("recovery-1")));
        when(mfa.verify(any(), any(), any())).thenReturn(true);
        when(sessions.revokeOwn(any(), any())).thenReturn(true);

        expectMatrixCell(endpoint, caller, accounts, passwords, mfa, sessions);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("PUT", "/api/admin/security-policy", "{}", "mfaRequiredRoles"),
                Arguments.of(
                        "PUT",
                        "/api/admin/security-policy",
                        "{\"mfaRequiredRoles\":[],\"passwordProfile\":\"asvs-5\"}",
                        "passwordProfile"),
                Arguments.of("POST", "/api/auth/mfa/enrolment/confirm", "{\"code\":\"12\"}", "code"),
                Arguments.of("DELETE", "/api/auth/mfa", "{\"password\":\"secret\",\"code\":\"abc\"}", "code"));
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyWithItsFieldBeforeTheSecondFactorIsTouched(
            String method, String path, String body, String field) throws Exception {
        var request = switch (method) {
            case "PUT" -> put(path);
            case "POST" -> post(path);
            default -> delete(path);
        };
        expectRefused(request.contentType(MediaType.APPLICATION_JSON).content(body), Caller.ADMIN, field, mfa);
    }

    private static UserAccountRecord account() {
        UserAccountRecord a = new UserAccountRecord();
        a.setUserId(RoleTokens.user(Role.MANAGER).userId().value());
        a.setTenantId(RoleTokens.TENANT.value());
        a.setUsername("manager");
        a.setEmail("manager@example.com");
        a.setRole(Role.MANAGER.name());
        a.setActive(true);
        a.setMustChangePassword(false);
        a.setPasswordHash("hash");
        return a;
    }
}
