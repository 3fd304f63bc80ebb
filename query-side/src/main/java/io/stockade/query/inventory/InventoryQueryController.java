package io.stockade.query.inventory;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.inventory.InventoryQueries.FindItemByBarcodeQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemHistoryQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemsQuery;
import io.stockade.api.inventory.InventoryQueries.FindLowStockQuery;
import io.stockade.api.inventory.InventoryQueries.ItemPage;
import io.stockade.api.inventory.InventoryQueries.ItemSort;
import io.stockade.api.inventory.InventoryQueries.ItemView;
import io.stockade.api.inventory.InventoryQueries.LowStockList;
import io.stockade.api.inventory.InventoryQueries.TransactionPage;
import io.stockade.api.inventory.StockStatus;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.media.ItemLinks;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.web.Paging;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Seed 004's inventory reads, all roles. Every answer comes from a projection through the query bus. */
@RestController
@RequestMapping(path = "/api/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
class InventoryQueryController {
    private final QueryGateway queries;
    private final ItemLinks links;

    InventoryQueryController(QueryGateway queries, ItemLinks links) {
        this.queries = queries;
        this.links = links;
    }

    @GetMapping
    ItemPage list(
            @RequestParam(required = false) String search,
            @RequestParam(required = false) UUID category,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String order,
            CurrentUser user) {
        if (search != null && search.length() > 100) {
            throw ProblemException.validation("search", "search must be at most 100 characters");
        }
        StockStatus stockStatus;
        try {
            stockStatus = status == null || status.isBlank() ? null : StockStatus.fromLabel(status.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("status", e.getMessage());
        }
        Paging paging = Paging.of(page, limit);
        ItemPage result = queries.query(
                        new FindItemsQuery(
                                user.tenantId(),
                                search,
                                category == null ? null : new CategoryId(category),
                                stockStatus,
                                sort(sort),
                                descending(order),
                                paging.page(),
                                paging.limit()),
                        ItemPage.class)
                .join();
        return new ItemPage(
                result.items().stream()
                        .map(i -> links.apply(user.tenantId(), i))
                        .toList(),
                result.total(),
                result.page(),
                result.pages());
    }

    @GetMapping("/low-stock")
    LowStockList lowStock(@RequestParam(required = false) String limit, CurrentUser user) {
        return queries.query(
                        new FindLowStockQuery(
                                user.tenantId(),
                                Paging.of("1", limit == null ? "100" : limit).limit()),
                        LowStockList.class)
                .join();
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, ItemView>> item(@PathVariable UUID id, CurrentUser user) {
        ItemView view = queries.query(
                        new FindItemQuery(user.tenantId(), new ItemId(id)),
                        ResponseTypes.optionalInstanceOf(ItemView.class))
                .join()
                .orElseThrow(() -> ProblemException.notFound("Item"));
        return ResponseEntity.ok()
                .eTag("\"" + view.version() + "\"")
                .body(Map.of("item", links.apply(user.tenantId(), view)));
    }

    @GetMapping("/barcode/{code}")
    Map<String, ItemView> byBarcode(@PathVariable String code, CurrentUser user) {
        if (code.length() > 100) {
            throw ProblemException.validation("code", "barcode must be at most 100 characters");
        }
        ItemView view = queries.query(
                        new FindItemByBarcodeQuery(user.tenantId(), code.strip()),
                        ResponseTypes.optionalInstanceOf(ItemView.class))
                .join()
                .orElseThrow(() -> ProblemException.notFound("Item"));
        return Map.of("item", links.apply(user.tenantId(), view));
    }

    /** That item's ledger; Staff included (they see what they move). */
    @GetMapping("/{id}/history")
    TransactionPage history(
            @PathVariable UUID id,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            CurrentUser user) {
        ItemId itemId = new ItemId(id);
        if (queries.query(new FindItemQuery(user.tenantId(), itemId), ResponseTypes.optionalInstanceOf(ItemView.class))
                .join()
                .isEmpty()) {
            throw ProblemException.notFound("Item");
        }
        Paging paging = Paging.of(page, limit);
        return queries.query(
                        new FindItemHistoryQuery(user.tenantId(), itemId, paging.page(), paging.limit()),
                        TransactionPage.class)
                .join();
    }

    private static ItemSort sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return ItemSort.NAME;
        }
        String normalised = sort.strip()
                .replaceAll("([a-z])([A-Z])", "$1_$2")
                .replace('-', '_')
                .toUpperCase(Locale.ROOT);
        try {
            return ItemSort.valueOf(normalised);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(
                    "sort",
                    "sort must be one of name, sku, currentStock, minThreshold, "
                            + "location, category, status, updatedAt");
        }
    }

    private static boolean descending(String order) {
        if (order == null || order.isBlank() || order.equalsIgnoreCase("asc")) {
            return false;
        }
        if (order.equalsIgnoreCase("desc")) {
            return true;
        }
        throw ProblemException.validation("order", "order must be asc or desc");
    }
}
