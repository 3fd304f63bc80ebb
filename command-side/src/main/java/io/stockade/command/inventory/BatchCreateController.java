package io.stockade.command.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.command.inventory.ItemAnswers.BatchAnswer;
import io.stockade.command.inventory.ItemAnswers.BatchError;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.IdempotencyKeys;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates up to 1,000 items in one request (catalogue loads, the benchmark). Each item is validated like a
 * single create and becomes its own command; one item's conflict does not undo the others, it is reported.
 */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class BatchCreateController {
    private final CommandGateway commands;

    BatchCreateController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    BatchAnswer createMany(@Valid @RequestBody InventoryRequests.CreateItems body, CurrentUser user)
            throws InterruptedException {
        int n = body.items().size();
        String[] ids = new String[n];
        BatchError[] errors = new BatchError[n];
        var idempotencyKey = IdempotencyKeys.current();
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            ItemId id = new ItemId(IdempotencyKeys.idFor("item-" + i));
            CreateItemCommand command = body.items().get(i).toCommand(id, user.tenantId());
            tasks.add(() -> {
                try {
                    // A retried batch carries the same key: each item is recognised by the key and its position.
                    var message = idempotencyKey
                            .map(k -> GenericCommandMessage.asCommandMessage(command)
                                    .andMetaData(Map.of(AuditMetadata.IDEMPOTENCY_KEY, k + "#" + index)))
                            .orElseGet(() -> GenericCommandMessage.asCommandMessage(command));
                    commands.sendAndWait(message);
                    ids[index] = id.toString();
                } catch (DomainRuleViolation e) {
                    errors[index] = new BatchError(index, e.field(), e.getMessage());
                }
            });
        }
        BatchWorkers.runAll(tasks);
        List<String> created = Arrays.stream(ids).filter(Objects::nonNull).toList();
        return new BatchAnswer(
                created.size(),
                created,
                Arrays.stream(errors).filter(Objects::nonNull).toList());
    }
}
