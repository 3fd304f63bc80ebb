package io.stockade.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.reset;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.CreateItem;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.CountStockCommand;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.stockade.api.inventory.MovementSource;
import io.stockade.command.CommandSliceTest;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The JSON bodies of the item and stock endpoints, through the real server path of a web slice: the host's
 * ObjectMapper (unknown fields refused), bean validation, the controllers' own checks and the problem handler,
 * behind the real security chain. Whatever the body, the answer is a 2xx or a 4xx problem document, never a
 * 5xx; and a command reaches the bus only with values inside the limits the API documents.
 *
 * <p>An input is one byte choosing the endpoint (and, for stock, Staff or Admin), then the body's raw bytes,
 * sent as they are (so bytes that are not UTF-8 reach Jackson too). Seeds:
 * {@code src/test/resources/io/stockade/command/inventory/InventoryRequestsFuzzTestInputs/jsonBody}: the byte
 * is the first character ({@code 0} create, {@code 1} update, {@code 2} stock as Admin, {@code 7} stock as
 * Staff, {@code 3} count, {@code 4} batch).
 */
class InventoryRequestsFuzzTest extends CommandSliceTest {
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final String ITEM = "/api/inventory/" + ID;
    private static final String[] PATHS = {
        "/api/inventory", ITEM, ITEM + "/stock", ITEM + "/count", "/api/inventory/batch"
    };

    @Autowired
    private ObjectMapper mapper;

    @FuzzTest(maxDuration = "10m")
    void jsonBody(byte[] input) throws Exception {
        // Fuzzing runs every input in one test: forget the last input's stubbing and calls (Spring resets mocks
        // only between tests), or a refusal would see the command an earlier input sent.
        reset(commands);
        if (input.length == 0) {
            return;
        }
        int choice = Math.floorMod(input[0] - '0', 2 * PATHS.length);
        int endpoint = choice % PATHS.length;
        // Staff may adjust stock but not back-date it: both sides of that rule are reachable.
        Caller caller = endpoint == 2 && choice >= PATHS.length ? Caller.STAFF : Caller.ADMIN;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        List<String> outOfBounds = new ArrayList<>();
        doAnswer(call -> answer(call.getArgument(0), outOfBounds))
                .when(commands)
                .sendAndWait(any());

        MockHttpServletRequestBuilder request = endpoint == 1 ? put(PATHS[endpoint]) : post(PATHS[endpoint]);
        MockHttpServletResponse response = perform(
                        request.contentType(MediaType.APPLICATION_JSON).content(body), caller)
                .andReturn()
                .getResponse();

        int status = response.getStatus();
        assertThat(status)
                .as("status for %s %s", PATHS[endpoint], new String(body, StandardCharsets.UTF_8))
                .isBetween(200, 499);
        assertThat(outOfBounds).isEmpty();
        if (status >= 400) {
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            JsonNode problem = mapper.readTree(response.getContentAsByteArray());
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("type").asText()).isNotBlank();
        } else {
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
            assertThat(mapper.readTree(response.getContentAsByteArray()).isObject())
                    .isTrue();
        }
    }

    /** What the aggregate would answer; records every value that validation should have stopped. */
    private static Object answer(Object sent, List<String> outOfBounds) {
        Object payload = sent instanceof CommandMessage<?> message ? message.getPayload() : sent;
        if (payload instanceof CreateItemCommand create) {
            check(
                    create.name() != null
                            && !create.name().isBlank()
                            && create.name().length() <= 255,
                    "name",
                    create,
                    outOfBounds);
            check(create.location() != null && !create.location().isBlank(), "location", create, outOfBounds);
            check(
                    create.initialStock() >= 0 && create.initialStock() <= CreateItem.MAX_QUANTITY,
                    "stock",
                    create,
                    outOfBounds);
            return state();
        }
        if (payload instanceof UpdateItemDetailsCommand update) {
            check(
                    update.name() == null
                            || (!update.name().isEmpty() && update.name().length() <= 255),
                    "name",
                    update,
                    outOfBounds);
            check(update.minThreshold() == null || update.minThreshold() >= 0, "minThreshold", update, outOfBounds);
            return state();
        }
        if (payload instanceof AdjustStockCommand adjust) {
            check(
                    adjust.quantity() > 0 && adjust.quantity() <= CreateItem.MAX_QUANTITY,
                    "quantity",
                    adjust,
                    outOfBounds);
            check(adjust.reason() != null && !adjust.reason().isBlank(), "reason", adjust, outOfBounds);
            check(adjust.type() != null, "type", adjust, outOfBounds);
            return movement(adjust.quantity(), MovementSource.ADJUSTMENT);
        }
        if (payload instanceof CountStockCommand count) {
            check(
                    count.countedQuantity() >= 0 && count.countedQuantity() <= CreateItem.MAX_QUANTITY,
                    "countedQuantity",
                    count,
                    outOfBounds);
            check(count.reason() != null && !count.reason().isBlank(), "reason", count, outOfBounds);
            return movement(1, MovementSource.COUNT);
        }
        outOfBounds.add("unexpected command " + payload);
        return null;
    }

    private static void check(boolean holds, String field, Object command, List<String> outOfBounds) {
        if (!holds) {
            outOfBounds.add(field + " of " + command);
        }
    }

    private static StockMovementResult movement(int quantity, MovementSource source) {
        return new StockMovementResult(
                new ItemId(ID),
                new TransactionId(UUID.randomUUID()),
                AdjustmentType.ADDITION,
                quantity,
                5,
                5 + quantity,
                Instant.parse("2026-12-01T00:00:00Z"),
                2,
                source,
                state());
    }

    private static ItemState state() {
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
                2,
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
    }
}
