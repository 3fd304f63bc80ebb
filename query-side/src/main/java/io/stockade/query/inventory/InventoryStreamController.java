package io.stockade.query.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.FindLowStockQuery;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.LowStockList;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.security.CurrentUser;
import io.stockade.query.live.LiveStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The low-stock board and an item page as Server-Sent Events: the same views as
 * {@code GET /api/inventory/low-stock} and {@code GET /api/inventory/{id}}, again after every change.
 */
@RestController
class InventoryStreamController {
    private static final int LOW_STOCK_LIMIT = 100;
    private final QueryGateway queries;
    private final ItemLinks links;
    private final LiveStreams live;

    InventoryStreamController(QueryGateway queries, ItemLinks links, LiveStreams live) {
        this.queries = queries;
        this.links = links;
        this.live = live;
    }

    @Operation(
            summary = "Live low-stock board: event low-stock (the list), then end {reason}",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "the event stream",
                            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))))
    @GetMapping(path = "/api/stream/low-stock", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> streamLowStock(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, CurrentUser user) {
        FindLowStockQuery query = new FindLowStockQuery(user.tenantId(), LOW_STOCK_LIMIT);
        return live.open(
                user,
                new LiveStreams.Source(
                        "low-stock",
                        "Low-stock list",
                        () -> List.of(queries.subscriptionQuery(query, LowStockList.class, ReadModelChanged.class)),
                        () -> Optional.of(
                                queries.query(query, LowStockList.class).join())),
                lastEventId);
    }

    /** Another organisation's item, or an archived one, is a 404 before anything is streamed. */
    @Operation(
            summary = "Live item page: event item ({item}), then end {reason}",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "the event stream",
                            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string"))))
    @GetMapping(path = "/api/stream/items/{id}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> streamItem(
            @PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            CurrentUser user) {
        TenantId tenant = user.tenantId();
        FindItemQuery query = new FindItemQuery(tenant, new ItemId(id));
        return live.open(
                user,
                new LiveStreams.Source(
                        "item",
                        "Item",
                        () -> List.of(queries.subscriptionQuery(
                                query,
                                ResponseTypes.optionalInstanceOf(ItemView.class),
                                ResponseTypes.instanceOf(ReadModelChanged.class))),
                        () -> queries.query(query, ResponseTypes.optionalInstanceOf(ItemView.class))
                                .join()
                                .map(view -> Map.of("item", links.apply(tenant, view)))),
                lastEventId);
    }
}
