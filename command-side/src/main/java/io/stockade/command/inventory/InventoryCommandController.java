package io.stockade.command.inventory;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryCommands.AdjustStockCommand;
import io.stockade.api.inventory.InventoryCommands.ArchiveItemCommand;
import io.stockade.api.inventory.InventoryCommands.ChangeItemImageCommand;
import io.stockade.api.inventory.InventoryCommands.CountStockCommand;
import io.stockade.api.inventory.InventoryCommands.CreateItemCommand;
import io.stockade.api.inventory.InventoryCommands.StockMovementResult;
import io.stockade.api.inventory.InventoryCommands.UpdateItemDetailsCommand;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.api.inventory.MovementSource;
import io.stockade.command.category.CategoryRules;
import io.stockade.command.web.ReadYourWrites;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.media.ImageStore;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.IdempotencyKeys;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
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
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.multipart.MultipartFile;

/** Inventory writes of seed 004: create, update details, stock movements, stocktake, archive. */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class InventoryCommandController {
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final CategoryRules categories;
    private final StockadeProperties properties;
    private final Clock clock;
    private final ItemLinks links;
    private final ImageSanitiser sanitiser;
    private final ImageStore images;
    private final Validator validator;

    InventoryCommandController(
            CommandGateway commands,
            QueryGateway queries,
            CategoryRules categories,
            StockadeProperties properties,
            Clock clock,
            ItemLinks links,
            ImageSanitiser sanitiser,
            ImageStore images,
            Validator validator) {
        this.commands = commands;
        this.queries = queries;
        this.categories = categories;
        this.properties = properties;
        this.clock = clock;
        this.links = links;
        this.sanitiser = sanitiser;
        this.images = images;
        this.validator = validator;
    }

    /** Seed 004's create: multipart form fields plus an optional {@code image} part. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    ResponseEntity<Map<String, Object>> createWithImage(
            @RequestParam Map<String, String> form,
            @RequestPart(name = "image", required = false) MultipartFile image,
            CurrentUser user) {
        InventoryRequests.CreateItem body = new InventoryRequests.CreateItem(
                form.get("name"),
                form.get("sku"),
                form.get("location"),
                uuidParam("categoryId", form.getOrDefault("categoryId", form.get("category"))),
                uuidParam("subCategoryId", form.getOrDefault("subCategoryId", form.get("subCategory"))),
                form.get("shelf"),
                form.get("description"),
                intParam("currentStock", form.get("currentStock")),
                intParam("minThreshold", form.get("minThreshold")));
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations.stream()
                    .map(v ->
                            new ProblemException.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .toList());
        }
        ImageSanitiser.Sanitised clean = image == null || image.isEmpty() ? null : sanitise(image);
        ResponseEntity<Map<String, Object>> created = create(body, user);
        if (clean == null) {
            return created;
        }
        ItemView item = (ItemView) created.getBody().get("item");
        ItemView withImage = attach(user, new ItemId(UUID.fromString(item.id())), clean);
        Map<String, Object> response = new LinkedHashMap<>(created.getBody());
        response.put("item", withImage);
        return ResponseEntity.status(HttpStatus.CREATED)
                .headers(created.getHeaders())
                .eTag(etag(withImage.version()))
                .body(response);
    }

    /** Replaces the item's image; the file is checked by content and re-encoded before it is stored. */
    @PostMapping(path = "/{id}/image", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    Map<String, Object> uploadImage(
            @PathVariable UUID id, @RequestPart("image") MultipartFile image, CurrentUser user) {
        ItemId itemId = new ItemId(id);
        if (find(user, itemId).isEmpty()) {
            throw ProblemException.notFound("Item");
        }
        return Map.of("item", attach(user, itemId, sanitise(image)));
    }

    private ImageSanitiser.Sanitised sanitise(MultipartFile image) {
        try (var in = image.getInputStream()) {
            return sanitiser.sanitise(in);
        } catch (ImageSanitiser.ImageRejectedException e) {
            HttpStatus status = ImageSanitiser.ImageRejectedException.TOO_LARGE.equals(e.reason())
                    ? HttpStatus.PAYLOAD_TOO_LARGE
                    : ImageSanitiser.ImageRejectedException.UNSUPPORTED_TYPE.equals(e.reason())
                            ? HttpStatus.UNSUPPORTED_MEDIA_TYPE
                            : HttpStatus.BAD_REQUEST;
            throw new ProblemException(
                    status,
                    "image-" + e.reason(),
                    "Image rejected",
                    e.getMessage(),
                    List.of(new ProblemException.FieldError("image", e.getMessage())));
        } catch (IOException e) {
            throw ProblemException.validation("image", "The upload could not be read");
        }
    }

    private ItemView attach(CurrentUser user, ItemId itemId, ImageSanitiser.Sanitised clean) {
        ImageStore.Stored stored = images.store(user.tenantId(), itemId, clean);
        ChangeItemImageCommand command = new ChangeItemImageCommand(itemId, user.tenantId(), stored.ref());
        // A create with an image sends two commands under the request's key: the image's gets its own.
        commands.sendAndWait(IdempotencyKeys.current()
                .map(k -> GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of(AuditMetadata.IDEMPOTENCY_KEY, k + "#image")))
                .orElseGet(() -> GenericCommandMessage.asCommandMessage(command)));
        return ReadYourWrites.await(() -> find(user, itemId), v -> stored.ref().equals(v.imageRef()))
                .map(v -> links.apply(user.tenantId(), v))
                .orElseThrow(() -> ProblemException.notFound("Item"));
    }

    private static UUID uuidParam(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(field, field + " must be an id");
        }
    }

    private static Integer intParam(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.validation(field, field + " must be a whole number");
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    ResponseEntity<Map<String, Object>> create(
            @Valid @RequestBody InventoryRequests.CreateItem body, CurrentUser user) {
        ItemId id = new ItemId(IdempotencyKeys.idFor("item"));
        CreateItemCommand command = body.toCommand(id, user.tenantId());
        commands.sendAndWait(command);
        int stock = command.initialStock();
        // A new item's events all come from this command; the stock shows when the last of them is in.
        ItemView view = ReadYourWrites.await(() -> find(user, id), v -> v.currentStock() == stock)
                .orElseThrow(() -> new IllegalStateException("created item did not reach the read model in time"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("item", links.apply(user.tenantId(), view));
        response.put("barcode", view.barcode());
        return ResponseEntity.created(URI.create("/api/inventory/" + id))
                .eTag(etag(view.version()))
                .body(response);
    }

    /**
     * Creates up to 1,000 items in one request (catalogue loads, the benchmark). Each item is validated like a
     * single create and becomes its own command; one item's conflict does not undo the others, it is reported.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    Map<String, Object> createMany(@Valid @RequestBody InventoryRequests.CreateItems body, CurrentUser user)
            throws InterruptedException {
        int n = body.items().size();
        String[] ids = new String[n];
        Map<String, Object>[] errors = newErrorArray(n);
        // Items are independent commands: a few run at once. The workers act for this request, so its
        // security context and request attributes (who, from where) go with them into the metadata.
        var security = SecurityContextHolder.getContext();
        var request = RequestContextHolder.currentRequestAttributes();
        var idempotencyKey = IdempotencyKeys.current();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            ItemId id = new ItemId(IdempotencyKeys.idFor("item-" + i));
            CreateItemCommand command = body.items().get(i).toCommand(id, user.tenantId());
            tasks.add(() -> {
                SecurityContextHolder.setContext(security);
                RequestContextHolder.setRequestAttributes(request);
                try {
                    // A retried batch carries the same key: each item is recognised by the key and its position.
                    var message = idempotencyKey
                            .map(k -> GenericCommandMessage.asCommandMessage(command)
                                    .andMetaData(Map.of(AuditMetadata.IDEMPOTENCY_KEY, k + "#" + index)))
                            .orElseGet(() -> GenericCommandMessage.asCommandMessage(command));
                    commands.sendAndWait(message);
                    ids[index] = id.toString();
                } catch (DomainRuleViolation e) {
                    Map<String, Object> error = new LinkedHashMap<>();
                    error.put("index", index);
                    error.put("field", e.field());
                    error.put("message", e.getMessage());
                    errors[index] = error;
                } finally {
                    SecurityContextHolder.clearContext();
                    RequestContextHolder.resetRequestAttributes();
                }
                return null;
            });
        }
        for (var done : BATCH_WORKERS.invokeAll(tasks)) {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("created", Arrays.stream(ids).filter(Objects::nonNull).count());
        response.put("ids", Arrays.stream(ids).filter(Objects::nonNull).toList());
        response.put("errors", Arrays.stream(errors).filter(Objects::nonNull).toList());
        return response;
    }

    private static final ExecutorService BATCH_WORKERS = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "batch-create");
        t.setDaemon(true);
        return t;
    });

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] newErrorArray(int n) {
        return (Map<String, Object>[]) new Map[n];
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    ResponseEntity<Map<String, Object>> update(
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
        ItemId itemId = new ItemId(id);
        ItemView current = find(user, itemId).orElseThrow(() -> ProblemException.notFound("Item"));
        Long expected = parseIfMatch(ifMatch);
        // Category and sub-category travel as a pair: a new category without a sub-category clears it.
        UUID categoryId = body.categoryId() != null ? body.categoryId() : uuid(current.categoryId());
        UUID subCategoryId = body.subCategoryId() != null
                ? body.subCategoryId()
                : body.categoryId() != null && !body.categoryId().toString().equals(current.categoryId())
                        ? null
                        : uuid(current.subCategoryId());
        CategoryId category = categoryId == null ? null : new CategoryId(categoryId);
        CategoryId sub = subCategoryId == null ? null : new CategoryId(subCategoryId);
        categories.requireCategoryPair(user.tenantId(), category, sub);
        long version = commands.sendAndWait(new UpdateItemDetailsCommand(
                itemId,
                user.tenantId(),
                expected,
                or(body.name(), current.name()),
                or(body.location(), current.location()),
                category,
                sub,
                body.shelf() != null ? blankToNull(body.shelf()) : current.shelf(),
                body.description() != null ? blankToNull(body.description()) : current.description(),
                body.minThreshold()));
        ItemView view = ReadYourWrites.await(() -> find(user, itemId), v -> v.version() >= version)
                .orElseThrow();
        return ResponseEntity.ok().eTag(etag(view.version())).body(Map.of("item", links.apply(user.tenantId(), view)));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Roles.ADMIN)
    Map<String, String> archive(@PathVariable UUID id, CurrentUser user) {
        ItemId itemId = new ItemId(id);
        if (find(user, itemId).isEmpty()) {
            throw ProblemException.notFound("Item");
        }
        commands.sendAndWait(new ArchiveItemCommand(itemId, user.tenantId()));
        ReadYourWrites.awaitGone(() -> find(user, itemId));
        return Map.of("message", "Item archived; its history is kept");
    }

    @PostMapping(path = "/{id}/stock", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.OPERATOR)
    Map<String, Object> adjust(
            @PathVariable UUID id, @Valid @RequestBody InventoryRequests.AdjustStock body, CurrentUser user) {
        Instant effectiveAt = effectiveAt(body.effectiveAt(), user);
        ItemId itemId = new ItemId(id);
        StockMovementResult result = commands.sendAndWait(new AdjustStockCommand(
                itemId,
                user.tenantId(),
                new TransactionId(IdempotencyKeys.idFor("stock")),
                body.type(),
                body.quantity(),
                body.reason(),
                effectiveAt));
        return movementResponse(user, result, body.reason(), MovementSource.ADJUSTMENT);
    }

    @PostMapping(path = "/{id}/count", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    Map<String, Object> count(
            @PathVariable UUID id, @Valid @RequestBody InventoryRequests.CountStock body, CurrentUser user) {
        Instant effectiveAt = effectiveAt(body.effectiveAt(), user);
        ItemId itemId = new ItemId(id);
        StockMovementResult result = commands.sendAndWait(new CountStockCommand(
                itemId,
                user.tenantId(),
                new TransactionId(IdempotencyKeys.idFor("count")),
                body.countedQuantity(),
                body.reason(),
                effectiveAt));
        return movementResponse(user, result, body.reason(), MovementSource.COUNT);
    }

    /** Answers from the command's result; the rest of the item comes from the read model as it stands. */
    private Map<String, Object> movementResponse(
            CurrentUser user, StockMovementResult r, String reason, MovementSource source) {
        ItemView view = find(user, r.itemId()).orElseThrow(() -> ProblemException.notFound("Item"));
        if (view.version() < r.version()) {
            view = view.withStock(r.stockAfter(), r.version(), clock.instant());
        }
        int signed = r.type() == AdjustmentType.ADDITION ? r.quantity() : -r.quantity();
        TransactionView tx = new TransactionView(
                r.transactionId().toString(),
                clock.instant(),
                r.effectiveAt(),
                view.id(),
                view.name(),
                view.sku(),
                user.userId().toString(),
                user.username(),
                signed,
                r.quantity(),
                reason.strip(),
                r.type(),
                source.name().toLowerCase(),
                r.stockAfter());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("item", links.apply(user.tenantId(), view));
        response.put("transaction", tx);
        return response;
    }

    private Instant effectiveAt(Instant requested, CurrentUser user) {
        Instant now = clock.instant();
        if (requested == null) {
            // Left to the aggregate, which uses the recording time; keeps a retried command identical.
            return null;
        }
        if (requested.isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.validation("effectiveAt", "effectiveAt cannot be in the future");
        }
        if (requested.isBefore(now.minus(CLOCK_SKEW))) {
            if (!user.isAtLeastManager()) {
                throw new ProblemException(
                        HttpStatus.FORBIDDEN,
                        "backdating-not-allowed",
                        "Forbidden",
                        "Only Managers and Admins may back-date a stock movement",
                        List.of(new ProblemException.FieldError("effectiveAt", "back-dating needs Manager or Admin")));
            }
            if (requested.isBefore(now.minus(properties.backdatingWindow()))) {
                throw ProblemException.validation(
                        "effectiveAt",
                        "effectiveAt may be at most "
                                + properties.backdatingWindow().toDays() + " days in the past");
            }
        }
        return requested;
    }

    private Optional<ItemView> find(CurrentUser user, ItemId id) {
        return queries.query(new FindItemQuery(user.tenantId(), id), ResponseTypes.optionalInstanceOf(ItemView.class))
                .join();
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProblemException.preconditionFailed("If-Match does not name a version of this item");
        }
    }

    private static String or(String value, String fallback) {
        return value != null ? value.strip() : fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static UUID uuid(String s) {
        return s == null ? null : UUID.fromString(s);
    }
}
