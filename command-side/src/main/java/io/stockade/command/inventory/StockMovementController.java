package io.stockade.command.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.CountStockCommand;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.command.inventory.ItemAnswers.MovementAnswer;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.IdempotencyKeys;
import jakarta.validation.Valid;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Stock movements: adjustments by anyone who moves stock, stocktakes by Managers and Admins. */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class StockMovementController {
    private final CommandGateway commands;
    private final Backdating backdating;
    private final ItemAnswers answers;

    StockMovementController(CommandGateway commands, Backdating backdating, ItemAnswers answers) {
        this.commands = commands;
        this.backdating = backdating;
        this.answers = answers;
    }

    @PostMapping(path = "/{id}/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.OPERATOR)
    MovementAnswer adjust(
            @PathVariable UUID id, @Valid @RequestBody InventoryRequests.AdjustStock body, CurrentUser user) {
        StockMovementResult result = commands.sendAndWait(new AdjustStockCommand(
                new ItemId(id),
                user.tenantId(),
                new TransactionId(IdempotencyKeys.idFor("stock")),
                body.type(),
                body.quantity(),
                body.reason(),
                backdating.effectiveAt(body.effectiveAt(), user)));
        return answers.movement(user, result, body.reason());
    }

    @PostMapping(path = "/{id}/count", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    MovementAnswer count(
            @PathVariable UUID id, @Valid @RequestBody InventoryRequests.CountStock body, CurrentUser user) {
        StockMovementResult result = commands.sendAndWait(new CountStockCommand(
                new ItemId(id),
                user.tenantId(),
                new TransactionId(IdempotencyKeys.idFor("count")),
                body.countedQuantity(),
                body.reason(),
                backdating.effectiveAt(body.effectiveAt(), user)));
        return answers.movement(user, result, body.reason());
    }
}
