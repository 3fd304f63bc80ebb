package io.stockade.command.inventory;

import static io.stockade.testsupport.web.RoleMatrix.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.Role;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.ArchiveItemCommand;
import io.stockade.api.inventory.InventoryCommands.CountStockCommand;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.stockade.api.inventory.MovementSource;
import io.stockade.command.CommandSliceTest;
import io.stockade.testsupport.web.RoleMatrix;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.commandhandling.CommandMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The inventory write API's roles and statuses (README, "API"): items, stock movements, images and batch
 * creates, each tried anonymously and as every role, and refused before the command bus when the body is wrong.
 */
class InventoryWriteSliceTest extends CommandSliceTest {
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final String ITEM = "/api/inventory/" + ID;
    private static final String CREATE =
            "{\"name\":\"Bolt\",\"location\":\"A1\",\"currentStock\":5,\"minThreshold\":2}";

    @Autowired
    private ImageUploads uploads;

    static Stream<Arguments> matrix() {
        return RoleMatrix.cases(
                endpoint(
                        "POST /api/inventory (JSON)",
                        () -> post("/api/inventory")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(CREATE),
                        201,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "POST /api/inventory (multipart)",
                        () -> multipart("/api/inventory").param("name", "Bolt").param("location", "A1"),
                        201,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "PUT /api/inventory/{id}",
                        () -> put(ITEM).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Nut\"}"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint("DELETE /api/inventory/{id}", () -> delete(ITEM), 200, Role.ADMIN),
                endpoint(
                        "POST /api/inventory/{id}/stock",
                        () -> post(ITEM + "/stock")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"quantity\":3,\"reason\":\"delivery\",\"type\":\"addition\"}"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER,
                        Role.STAFF),
                endpoint(
                        "POST /api/inventory/{id}/count",
                        () -> post(ITEM + "/count")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"countedQuantity\":7,\"reason\":\"stocktake\"}"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "POST /api/inventory/{id}/image",
                        () -> multipart(ITEM + "/image")
                                .file(new MockMultipartFile("image", "a.png", "image/png", new byte[] {1, 2, 3})),
                        200,
                        Role.ADMIN,
                        Role.MANAGER),
                endpoint(
                        "POST /api/inventory/batch",
                        () -> post("/api/inventory/batch")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"items\":[" + CREATE + "]}"),
                        200,
                        Role.ADMIN,
                        Role.MANAGER));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("matrix")
    void shouldAnswerTheApiTablesStatusWhenCalledByEachRole(Endpoint endpoint, Caller caller) throws Exception {
        when(commands.sendAndWait(any())).thenAnswer(call -> resultOf(call.getArgument(0)));
        when(uploads.attach(any(), any(), any())).thenReturn(state(2));

        ResultActions result = perform(endpoint.request().get(), caller);

        int expected = endpoint.expectedFor(caller);
        if (endpoint.allows(caller)) {
            result.andExpect(status().is(expected));
        } else {
            expectProblem(result, expected);
            verifyNoInteractions(commands, uploads);
        }
    }

    @Test
    void shouldAnswerTheCreatedItemWithItsLocationAndEtagWhenAManagerCreatesOne() throws Exception {
        when(commands.sendAndWait(any())).thenAnswer(call -> resultOf(call.getArgument(0)));

        perform(post("/api/inventory").contentType(MediaType.APPLICATION_JSON).content(CREATE), Caller.MANAGER)
                .andExpect(status().isCreated())
                .andExpect(result ->
                        assertThat(result.getResponse().getHeader("Location")).isEqualTo("/api/inventory/" + ID))
                .andExpect(result ->
                        assertThat(result.getResponse().getHeader("ETag")).isNotBlank())
                .andExpect(jsonPath("$.item.id").value(ID.toString()))
                .andExpect(jsonPath("$.barcode").value("SKB-0001"));
    }

    @Test
    void shouldAnswerTheMovementsOwnStockAfterWhenStaffAdjustsStock() throws Exception {
        when(commands.sendAndWait(any())).thenAnswer(call -> resultOf(call.getArgument(0)));

        perform(
                        post(ITEM + "/stock")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"quantity\":3,\"reason\":\" delivery \",\"type\":\"addition\"}"),
                        Caller.STAFF)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.item.currentStock").value(8))
                .andExpect(jsonPath("$.transaction.stockAfter").value(8))
                .andExpect(jsonPath("$.transaction.quantityChange").value(3))
                .andExpect(jsonPath("$.transaction.reason").value("delivery"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("POST /api/inventory", "/api/inventory", "{\"location\":\"A1\"}", "name"),
                Arguments.of(
                        "POST /api/inventory",
                        "/api/inventory",
                        "{\"name\":\"Bolt\",\"location\":\"A1\",\"currentStock\":-1}",
                        "currentStock"),
                Arguments.of(
                        "POST /api/inventory/{id}/stock",
                        ITEM + "/stock",
                        "{\"quantity\":0,\"reason\":\"x\",\"type\":\"addition\"}",
                        "quantity"),
                Arguments.of(
                        "POST /api/inventory/{id}/stock",
                        ITEM + "/stock",
                        "{\"quantity\":1,\"reason\":\" \",\"type\":\"addition\"}",
                        "reason"),
                Arguments.of(
                        "POST /api/inventory/{id}/count",
                        ITEM + "/count",
                        "{\"countedQuantity\":-1,\"reason\":\"x\"}",
                        "countedQuantity"),
                Arguments.of("POST /api/inventory/batch", "/api/inventory/batch", "{\"items\":[]}", "items"),
                // How every host reads JSON (WebConfiguration.strictJson): a key given twice, a float for an integer,
                // a string for a number and an unknown field are refusals on that field, not a guess.
                Arguments.of(
                        "POST /api/inventory (key twice)",
                        "/api/inventory",
                        "{\"name\":\"Bolt\",\"name\":\"Nut\",\"location\":\"A1\",\"currentStock\":1}",
                        "name"),
                Arguments.of(
                        "POST /api/inventory/{id}/stock (key twice)",
                        ITEM + "/stock",
                        "{\"quantity\":1,\"reason\":\"x\",\"type\":\"addition\",\"quantity\":-5}",
                        "quantity"),
                Arguments.of(
                        "POST /api/inventory/{id}/stock (float)",
                        ITEM + "/stock",
                        "{\"quantity\":1.5,\"reason\":\"x\",\"type\":\"addition\"}",
                        "quantity"),
                Arguments.of(
                        "POST /api/inventory/{id}/stock (string)",
                        ITEM + "/stock",
                        "{\"quantity\":\"3\",\"reason\":\"x\",\"type\":\"addition\"}",
                        "quantity"),
                Arguments.of(
                        "POST /api/inventory (unknown field)",
                        "/api/inventory",
                        "{\"name\":\"Bolt\",\"location\":\"A1\",\"price\":1}",
                        "price"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badBodies")
    void shouldRefuseABadBodyWithItsFieldBeforeAnyCommandWhenAManagerPostsIt(
            String name, String path, String body, String field) throws Exception {
        ResultActions result =
                perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body), Caller.MANAGER);

        expectProblem(result, 400);
        result.andExpect(jsonPath("$.errors[*].field").value(hasItem(field)));
        verifyNoInteractions(commands);
    }

    @Test
    void shouldRefuseSettingTheStockThroughAPutBeforeAnyCommand() throws Exception {
        ResultActions result = perform(
                put(ITEM).contentType(MediaType.APPLICATION_JSON).content("{\"currentStock\":4}"), Caller.ADMIN);

        expectProblem(result, 400);
        result.andExpect(jsonPath("$.errors[0].field").value("currentStock"));
        verifyNoInteractions(commands);
    }

    @Test
    void shouldRefuseBackDatingWhenStaffSendsAnEarlierEffectiveTime() throws Exception {
        String body = "{\"quantity\":1,\"reason\":\"late entry\",\"type\":\"deduction\",\"effectiveAt\":\""
                + Instant.now().minus(1, ChronoUnit.DAYS) + "\"}";

        ResultActions result = perform(
                post(ITEM + "/stock").contentType(MediaType.APPLICATION_JSON).content(body), Caller.STAFF);

        expectProblem(result, 403);
        result.andExpect(jsonPath("$.errors[0].field").value("effectiveAt"));
        verifyNoInteractions(commands);
    }

    private static Object resultOf(Object command) {
        Object payload = command instanceof CommandMessage<?> message ? message.getPayload() : command;
        if (payload instanceof CreateItemCommand || payload instanceof UpdateItemDetailsCommand) {
            return state(1);
        }
        if (payload instanceof AdjustStockCommand adjust) {
            return movement(adjust.type(), adjust.quantity(), MovementSource.ADJUSTMENT);
        }
        if (payload instanceof CountStockCommand) {
            return movement(AdjustmentType.ADDITION, 3, MovementSource.COUNT);
        }
        if (payload instanceof ArchiveItemCommand) {
            return null;
        }
        throw new IllegalArgumentException("no answer for " + payload);
    }

    private static StockMovementResult movement(AdjustmentType type, int quantity, MovementSource source) {
        return new StockMovementResult(
                new ItemId(ID),
                new TransactionId(UUID.randomUUID()),
                type,
                quantity,
                5,
                8,
                Instant.now(),
                2,
                source,
                withStock(8));
    }

    private static ItemState state(long version) {
        return new ItemState(
                new ItemId(ID),
                "BOLT-1",
                "Bolt",
                "SKB-0001",
                5,
                2,
                "A1",
                null,
                null,
                null,
                null,
                null,
                false,
                version,
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    private static ItemState withStock(int stock) {
        ItemState s = state(2);
        return new ItemState(
                s.itemId(),
                s.sku(),
                s.name(),
                s.barcode(),
                stock,
                s.minThreshold(),
                s.location(),
                null,
                null,
                null,
                null,
                null,
                false,
                s.version(),
                s.createdAt(),
                s.updatedAt());
    }
}
