package io.stockade.command.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.Role;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.stockade.api.inventory.MovementSource;
import io.stockade.command.CommandSliceTest;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.IdempotencyKeys;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The two request headers a client writes by hand, through the real filter chain and controllers of a web
 * slice. {@code If-Match}: absent, blank or {@code *} means "any version"; {@code "n"} (also weak, or bare
 * digits) is version n, which reaches the command and nothing else; anything else is the documented 412
 * problem before any command. {@code Idempotency-Key}: 8 to 128 of {@code [A-Za-z0-9._:-]} is accepted and
 * names the movement (the same key gives the same transaction id, so a retry is recognised); anything else is
 * a 400 problem before any command. And the ETag the server answers parses back to the version it names.
 *
 * <p>An input is one byte choosing the header (bit 1 clear: If-Match, set: Idempotency-Key), then the value's bytes
 * read as ISO-8859-1, as Tomcat reads header bytes. Seeds:
 * {@code src/test/resources/io/stockade/command/inventory/RequestHeadersFuzzTestInputs/ifMatchAndIdempotencyKey}
 * (first character {@code i} for If-Match, {@code k} for the key).
 */
class RequestHeadersFuzzTest extends CommandSliceTest {
    private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final String ITEM = "/api/inventory/" + ID;
    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"([0-9]{1,18})\"|([0-9]{1,18})");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final long ITEM_VERSION = 7;

    @FuzzTest(maxDuration = "10m")
    void ifMatchAndIdempotencyKey(byte[] input) throws Exception {
        // Fuzzing runs every input in one test: forget the last input's stubbing and calls (Spring resets mocks
        // only between tests), or a refusal would see the command an earlier input sent.
        reset(commands);
        if (input.length == 0) {
            return;
        }
        String value = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.ISO_8859_1);
        // Bit 1 of the first byte: 0 for If-Match ('i' = 0x69), 1 for Idempotency-Key ('k' = 0x6B), as the seeds
        // are named (bit 0 sent both letters to the key).
        if ((input[0] & 2) == 0) {
            ifMatch(value);
        } else {
            idempotencyKey(value);
        }
    }

    private void ifMatch(String value) throws Exception {
        AtomicReference<UpdateItemDetailsCommand> sent = new AtomicReference<>();
        doAnswer(call -> {
                    sent.set(call.getArgument(0));
                    return state();
                })
                .when(commands)
                .sendAndWait(any());

        MockHttpServletResponse response = perform(
                        put(ITEM)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"Nut\"}")
                                .header("If-Match", value),
                        Caller.MANAGER)
                .andReturn()
                .getResponse();

        if (value.chars().anyMatch(Character::isISOControl)) {
            // A control character cannot reach us over HTTP; Spring Security's firewall refuses it before any
            // controller (found by fuzzing: the harness expected a blank value to count as absent).
            assertThat(response.getStatus()).as("If-Match [%s]", value).isEqualTo(400);
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            verifyNoInteractions(commands);
            return;
        }
        String v = value.strip();
        Matcher version = VERSION.matcher(v);
        if (v.isEmpty() || v.equals("*") || version.matches()) {
            assertThat(response.getStatus()).as("If-Match [%s]", value).isEqualTo(200);
            Long expected = version.matches()
                    ? Long.valueOf(version.group(1) != null ? version.group(1) : version.group(2))
                    : null;
            assertThat(sent.get().expectedVersion()).isEqualTo(expected);
            String etag = response.getHeader("ETag");
            assertThat(IfMatch.version(etag))
                    .as("the ETag %s parsed back", etag)
                    .isEqualTo(ITEM_VERSION);
        } else {
            assertThat(response.getStatus()).as("If-Match [%s]", value).isIn(400, 412);
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            verifyNoInteractions(commands);
        }
    }

    private void idempotencyKey(String value) throws Exception {
        AtomicReference<AdjustStockCommand> sent = new AtomicReference<>();
        doAnswer(call -> {
                    AdjustStockCommand command = call.getArgument(0);
                    sent.set(command);
                    return new StockMovementResult(
                            command.itemId(),
                            command.transactionId(),
                            AdjustmentType.ADDITION,
                            1,
                            5,
                            6,
                            Instant.parse("2026-12-01T00:00:00Z"),
                            ITEM_VERSION,
                            MovementSource.ADJUSTMENT,
                            state());
                })
                .when(commands)
                .sendAndWait(any());

        MockHttpServletResponse response = perform(
                        post(ITEM + "/stock")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"quantity\":1,\"reason\":\"delivery\",\"type\":\"addition\"}")
                                .header(IdempotencyKeys.HEADER, value),
                        Caller.STAFF)
                .andReturn()
                .getResponse();

        if (KEY.matcher(value).matches()) {
            assertThat(response.getStatus()).as("Idempotency-Key [%s]", value).isEqualTo(200);
            CurrentUser user = RoleTokens.user(Role.STAFF);
            UUID derived = UUID.nameUUIDFromBytes(
                    (user.tenantId() + "|" + user.userId() + "|" + value + "|stock").getBytes(StandardCharsets.UTF_8));
            assertThat(sent.get().transactionId()).isEqualTo(new TransactionId(derived));
        } else {
            assertThat(response.getStatus()).as("Idempotency-Key [%s]", value).isEqualTo(400);
            assertThat(response.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            verifyNoInteractions(commands);
        }
    }

    private static ItemState state() {
        return new ItemState(
                new ItemId(ID),
                "BOLT-1",
                "Nut",
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
                ITEM_VERSION,
                Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
    }
}
