package io.stockade.alerting;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static io.stockade.testsupport.web.RoleMatrix.everyone;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.alerts.AlertMessages.FindNotificationQuery;
import io.stockade.api.alerts.AlertMessages.FindNotificationsQuery;
import io.stockade.api.alerts.AlertMessages.NotificationPage;
import io.stockade.api.alerts.AlertMessages.NotificationView;
import io.stockade.api.common.Role;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.RoleTokens;
import io.stockade.testsupport.web.SecuritySlice;
import io.stockade.testsupport.web.WebSliceTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Notifications (README, "API"): anyone signed in, each person only their own inbox; nobody without a token. */
@WebMvcTest(
        useDefaultFilters = false,
        includeFilters =
                @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = NotificationController.class),
        properties = {
            SecuritySlice.PROPERTY_DATA_DIR,
            SecuritySlice.PROPERTY_ANONYMOUS_LIMIT,
            SecuritySlice.PROPERTY_USER_LIMIT
        })
class NotificationSliceTest extends WebSliceTest {
    private static final UUID NOTIFICATION = UUID.fromString("00000000-0000-4000-8000-000000000006");
    private static final String PREFERENCES = "{\"email\":true,\"inApp\":false,\"categoryIds\":[]}";

    @Autowired
    private CommandGateway commands;

    @Autowired
    private NotificationProjection inbox;

    @Autowired
    private AlertRecipientRepository people;

    @Override
    protected Object bus() {
        return commands;
    }

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint("GET /api/notifications", () -> get("/api/notifications"), 200, everyone()),
                endpoint(
                        "POST /api/notifications/{id}/read",
                        () -> post("/api/notifications/" + NOTIFICATION + "/read"),
                        204,
                        everyone()),
                endpoint(
                        "POST /api/notifications/read-all", () -> post("/api/notifications/read-all"), 204, everyone()),
                endpoint(
                        "GET /api/notifications/preferences",
                        () -> get("/api/notifications/preferences"),
                        200,
                        everyone()),
                endpoint(
                        "PUT /api/notifications/preferences",
                        () -> put("/api/notifications/preferences")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(PREFERENCES),
                        200,
                        everyone()));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(inbox.handle(any(FindNotificationsQuery.class))).thenReturn(new NotificationPage(List.of(), 0, 0, 1, 0));
        when(inbox.handle(any(FindNotificationQuery.class))).thenReturn(Optional.of(read()));
        when(people.preferences(any()))
                .thenReturn(Optional.of(new AlertRecipientRepository.Preferences(true, false, List.of(), true)));

        expectMatrixCell(endpoint, caller, inbox, people);
    }

    @Test
    void shouldAskForTheCallersOwnInboxOnlyWhenListingNotifications() throws Exception {
        when(inbox.handle(any(FindNotificationsQuery.class))).thenReturn(new NotificationPage(List.of(), 0, 0, 1, 0));

        perform(get("/api/notifications").param("unread", "true"), Caller.STAFF).andExpect(status().isOk());

        verify(inbox)
                .handle(new FindNotificationsQuery(
                        RoleTokens.TENANT, RoleTokens.user(Role.STAFF).userId(), true, 1, 20));
    }

    @Test
    void shouldAnswerNotFoundWithoutACommandWhenTheNotificationIsNotTheCallers() throws Exception {
        when(inbox.handle(any(FindNotificationQuery.class))).thenReturn(Optional.empty());

        expectProblem(perform(post("/api/notifications/" + NOTIFICATION + "/read"), Caller.MANAGER), 404);
        verifyNoInteractions(commands);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of(get("/api/notifications").param("unread", "maybe"), "unread"),
                Arguments.of(get("/api/notifications").param("limit", "101"), "limit"),
                Arguments.of(
                        put("/api/notifications/preferences")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"email\":true,\"categoryIds\":[]}"),
                        "inApp"),
                Arguments.of(
                        put("/api/notifications/preferences")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"email\":true,\"inApp\":true}"),
                        "categoryIds"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badRequests")
    void shouldRefuseABadRequestWithItsFieldBeforeAnythingIsReadOrSent(
            MockHttpServletRequestBuilder request, String field) throws Exception {
        expectRefused(request, Caller.AUDITOR, field, inbox, people);
    }

    @Test
    void shouldRefuseAnUnknownCategoryWithoutACommand() throws Exception {
        ResultActions result = perform(
                put("/api/notifications/preferences")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":true,\"inApp\":true,\"categoryIds\":[\"" + UUID.randomUUID() + "\"]}"),
                Caller.MANAGER);

        expectProblem(result, 400);
        result.andExpect(jsonPath("$.errors[0].field").value("categoryIds[0]"));
        verifyNoInteractions(commands);
    }

    private static NotificationView read() {
        Instant at = Instant.parse("2026-12-06T08:00:00Z");
        return new NotificationView(NOTIFICATION, "low-stock", "item", "Bolt", "B-1", 1, 5, 0, false, at, at);
    }
}
