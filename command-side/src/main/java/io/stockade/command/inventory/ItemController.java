package io.stockade.command.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.api.inventory.CreateItem;
import io.stockade.api.inventory.InventoryCommands.ArchiveItemCommand;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.api.inventory.InventoryCommands.ItemState;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.command.inventory.ItemAnswers.CreatedItemAnswer;
import io.stockade.command.inventory.ItemAnswers.ItemAnswer;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.AwaitsProjections;
import io.stockade.platform.web.IdempotencyKeys;
import io.stockade.platform.web.MessageAnswer;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Items of seed 004: create (JSON or multipart with an image), change details, archive. */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class ItemController {
    /** The read model a caller usually reads next; the all-in-one host lets it catch up before answering. */
    static final String ITEMS = "inventory-items";

    private final CommandGateway commands;
    private final ItemAnswers answers;
    private final ItemForm form;
    private final ImageUploads uploads;

    ItemController(CommandGateway commands, ItemAnswers answers, ItemForm form, ImageUploads uploads) {
        this.commands = commands;
        this.answers = answers;
        this.form = form;
        this.uploads = uploads;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(ITEMS)
    ResponseEntity<CreatedItemAnswer> create(@Valid @RequestBody CreateItem body, CurrentUser user) {
        ItemId id = new ItemId(IdempotencyKeys.idFor("item"));
        CreateItemCommand command = body.toCommand(id, user.tenantId());
        return created(user, commands.sendAndWait(command));
    }

    /** Seed 004's create: multipart form fields plus an optional {@code image} part. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(ITEMS)
    ResponseEntity<CreatedItemAnswer> createWithImage(
            @RequestParam Map<String, String> fields,
            @RequestPart(name = "image", required = false) MultipartFile image,
            CurrentUser user) {
        CreateItem body = form.read(fields);
        // Checked before anything is created: a rejected image creates no item.
        ImageSanitiser.Sanitised clean = image == null || image.isEmpty() ? null : uploads.sanitise(image);
        ItemId id = new ItemId(IdempotencyKeys.idFor("item"));
        ItemState state = commands.sendAndWait(body.toCommand(id, user.tenantId()));
        if (clean != null) {
            state = uploads.attach(user, id, clean);
        }
        return created(user, state);
    }

    private ResponseEntity<CreatedItemAnswer> created(CurrentUser user, ItemState state) {
        ItemView item = answers.item(user.tenantId(), state);
        return ResponseEntity.created(URI.create("/api/inventory/" + state.itemId()))
                .eTag(IfMatch.etag(state.version()))
                .body(new CreatedItemAnswer(item, item.barcode()));
    }

    /**
     * Changes only the fields the request carries (null: unchanged); the item decides. With {@code If-Match}
     * a stale version is refused (412); without it, nothing is merged from a read model, so a racing change of
     * another field is never overwritten.
     */
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(ITEMS)
    ResponseEntity<ItemAnswer> update(
            @PathVariable UUID id,
            @Valid @RequestBody InventoryRequests.UpdateItem body,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            CurrentUser user) {
        if (body.currentStock() != null) {
            throw ProblemException.validation(
                    "currentStock",
                    "Stock cannot be set here: use POST /api/inventory/" + id
                            + "/stock (or /count for a stocktake) so that the change is recorded with a reason");
        }
        ItemState state =
                commands.sendAndWait(body.toCommand(new ItemId(id), user.tenantId(), IfMatch.version(ifMatch)));
        return ResponseEntity.ok()
                .eTag(IfMatch.etag(state.version()))
                .body(new ItemAnswer(answers.item(user.tenantId(), state)));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Roles.ADMIN)
    @AwaitsProjections(ITEMS)
    MessageAnswer archive(@PathVariable UUID id, CurrentUser user) {
        commands.sendAndWait(new ArchiveItemCommand(new ItemId(id), user.tenantId()));
        return new MessageAnswer("Item archived; its history is kept");
    }
}
