package io.stockade.command.identity;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.Role;
import io.stockade.api.identity.IdentityMessages.DeactivateUserCommand;
import io.stockade.command.CommandSliceTest;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.RoleTokens;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * User administration (Admin), registration (Admin) and the own profile and password (anyone signed in), as the
 * README's API table has them; a token that must change its password first opens only the password change.
 */
class UserAdminSliceTest extends CommandSliceTest {
    private static final UUID OTHER = UUID.fromString("00000000-0000-4000-8000-000000000004");
    private static final String USER = "/api/users/" + OTHER;
    private static final String REGISTER =
            "{\"username\":\"new.clerk\",\"email\":\"clerk@example.com\",\"password\":\"Correct-Horse-9\",\"role\":\"Staff\"}";

    @Autowired
    private AccountLookupRepository accounts;

    @Autowired
    private Passwords passwords;

    @Autowired
    private Sessions sessions;

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint(
                        "PUT /api/users/{id}",
                        () -> put(USER).contentType(MediaType.APPLICATION_JSON).content("{\"isActive\":false}"),
                        200,
                        Role.ADMIN),
                endpoint("DELETE /api/users/{id}", () -> delete(USER), 200, Role.ADMIN),
                endpoint("DELETE /api/users/{id}/sessions", () -> delete(USER + "/sessions"), 204, Role.ADMIN),
                endpoint(
                        "POST /api/auth/register",
                        () -> post("/api/auth/register")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(REGISTER),
                        201,
                        Role.ADMIN),
                endpoint(
                        "PUT /api/profile",
                        () -> put("/api/profile")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"email\":\"me@example.com\"}"),
                        200,
                        everyone()),
                endpoint(
                        "POST /api/profile/password",
                        () -> post("/api/profile/password")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"currentPassword\":\"old\",\"newPassword\":\"Correct-Horse-10\"}"),
                        204,
                        everyone()),
                endpoint("GET /api/auth/me", () -> get("/api/auth/me"), 200, everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(accounts.find(any())).thenReturn(Optional.of(account()));
        when(passwords.matches(any(), any())).thenReturn(true);

        expectMatrixCell(endpoint, caller, accounts, passwords, sessions);
    }

    @Test
    void shouldDeactivateAndEndTheSessionsWhenAnAdminDeletesAUser() throws Exception {
        when(accounts.find(any())).thenReturn(Optional.of(account()));

        perform(delete(USER), Caller.ADMIN).andExpect(status().isOk());

        verify(commands).sendAndWait(any(DeactivateUserCommand.class));
        verify(sessions).revokeAll(any(), any(), any(), any());
    }

    @Test
    void shouldAnswerNotFoundWhenTheUserBelongsToAnotherOrganisation() throws Exception {
        UserAccountRecord elsewhere = account();
        elsewhere.setTenantId(UUID.randomUUID());
        when(accounts.find(any())).thenReturn(Optional.of(elsewhere));

        expectProblem(perform(delete(USER), Caller.ADMIN), 404);
        verify(sessions, never()).revokeAll(any(), any(), any(), any());
    }

    @Test
    void shouldOpenOnlyThePasswordChangeWhenTheTokenMustChangeItsPassword() throws Exception {
        when(accounts.find(any())).thenReturn(Optional.of(account()));
        when(passwords.matches(any(), any())).thenReturn(true);
        String bearer = tokens.passwordChangeBearer(Role.ADMIN);

        expectProblem(mvc.perform(delete(USER).header(HttpHeaders.AUTHORIZATION, bearer)), 403);
        mvc.perform(post("/api/profile/password")
                        .header(HttpHeaders.AUTHORIZATION, bearer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"currentPassword\":\"old\",\"newPassword\":\"Correct-Horse-10\"}"))
                .andExpect(status().isNoContent());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("/api/auth/register", REGISTER.replace("clerk@example.com", "not-an-address"), "email"),
                Arguments.of("/api/auth/register", REGISTER.replace("new.clerk", "a b"), "username"),
                Arguments.of("/api/auth/register", REGISTER.replace("\"Staff\"", "\"Overlord\""), "role"),
                Arguments.of(
                        "/api/profile/password", "{\"currentPassword\":\"old\",\"newPassword\":\"\"}", "newPassword"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyWithItsFieldBeforeAnyCommand(String path, String body, String field) throws Exception {
        expectRefused(
                post(path).contentType(MediaType.APPLICATION_JSON).content(body),
                Caller.ADMIN,
                field,
                passwords,
                sessions);
    }

    @Test
    void shouldRefuseAProfileWithoutAValidEmailBeforeAnyCommand() throws Exception {
        expectRefused(
                put("/api/profile").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"nope\"}"),
                Caller.STAFF,
                "email",
                accounts);
    }

    /** A Staff member of the callers' organisation. */
    private static UserAccountRecord account() {
        UserAccountRecord a = new UserAccountRecord();
        a.setUserId(OTHER);
        a.setTenantId(RoleTokens.TENANT.value());
        a.setUsername("clerk");
        a.setEmail("clerk@example.com");
        a.setRole(Role.STAFF.name());
        a.setActive(true);
        a.setMustChangePassword(false);
        a.setPasswordHash("hash");
        return a;
    }
}
