package io.stockade.api.inventory;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.common.UserId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Queries answered by the query side's projections, never by the event store. */
public final class InventoryQueries {
    private InventoryQueries() {}

    public enum ItemSort {
        NAME,
        SKU,
        CURRENT_STOCK,
        MIN_THRESHOLD,
        LOCATION,
        CATEGORY,
        STATUS,
        UPDATED_AT
    }

    public record FindItemsQuery(
            TenantId tenantId,
            String search,
            CategoryId categoryId,
            StockStatus status,
            ItemSort sort,
            boolean descending,
            int page,
            int limit) {}

    public record FindItemQuery(TenantId tenantId, ItemId itemId) {}

    public record FindItemByBarcodeQuery(TenantId tenantId, String barcode) {}

    public record FindLowStockQuery(TenantId tenantId, int limit) {}

    public record FindTransactionsQuery(
            TenantId tenantId, Instant dateFrom, Instant dateTo, ItemId itemId, UserId userId, int page, int limit) {}

    public record FindTransactionQuery(TenantId tenantId, TransactionId transactionId) {}

    public record CountItemsQuery(TenantId tenantId) {}

    public record CountTransactionsQuery(TenantId tenantId, Instant since) {}

    public record FindItemHistoryQuery(TenantId tenantId, ItemId itemId, int page, int limit) {}

    public record ItemCounts(long total, long lowStock, long outOfStock, List<CategoryStock> byCategory) {}

    /**
     * Seed 004's InventoryItem, plus the fields an item page needs. {@code imageUrl} and
     * {@code barcodeUrls} are short-lived signed links the web layer adds; the read model leaves them null.
     */
    public record ItemView(
            String id,
            String sku,
            String name,
            String barcode,
            int currentStock,
            int minThreshold,
            StockStatus status,
            String location,
            @Nullable String categoryId,
            @Nullable String category,
            @Nullable String subCategoryId,
            @Nullable String subCategory,
            @Nullable String shelf,
            @Nullable String description,
            @Nullable String imageRef,
            @Nullable String imageUrl,
            Map<String, String> barcodeUrls,
            boolean archived,
            long version,
            Instant createdAt,
            Instant updatedAt) {

        public ItemView withLinks(String imageUrl, Map<String, String> barcodeUrls) {
            return new ItemView(
                    id,
                    sku,
                    name,
                    barcode,
                    currentStock,
                    minThreshold,
                    status,
                    location,
                    categoryId,
                    category,
                    subCategoryId,
                    subCategory,
                    shelf,
                    description,
                    imageRef,
                    imageUrl,
                    barcodeUrls,
                    archived,
                    version,
                    createdAt,
                    updatedAt);
        }

        /** The item as a stock command left it, before the read model has caught up. */
        public ItemView withStock(int stock, long newVersion, Instant at) {
            return new ItemView(
                    id,
                    sku,
                    name,
                    barcode,
                    stock,
                    minThreshold,
                    StockStatus.of(stock, minThreshold),
                    location,
                    categoryId,
                    category,
                    subCategoryId,
                    subCategory,
                    shelf,
                    description,
                    imageRef,
                    imageUrl,
                    barcodeUrls,
                    archived,
                    newVersion,
                    createdAt,
                    at);
        }
    }

    public record ItemPage(List<ItemView> items, long total, int page, int pages) {}

    /** Seed 004's Transaction, plus the stock it left and whether it came from a count. */
    public record TransactionView(
            String id,
            Instant timestamp,
            Instant effectiveAt,
            String productId,
            @Nullable String productName,
            @Nullable String productSku,
            @Nullable String userId,
            @Nullable String userName,
            int quantityChange,
            int quantity,
            String reason,
            AdjustmentType transactionType,
            String source,
            int stockAfter) {

        /**
         * The one definition of a ledger line: what a movement event means as a line. The ledger projection stores
         * it; the audit timeline shows it for the same event. Names are the caller's (as they are now, or then).
         */
        public static TransactionView of(
                InventoryEvents.StockAdjustedEvent e,
                Instant recordedAt,
                String userId,
                String productName,
                String productSku,
                String userName) {
            Instant recorded = micros(recordedAt);
            return new TransactionView(
                    e.transactionId().toString(),
                    recorded,
                    e.effectiveAt() == null ? recorded : micros(e.effectiveAt()),
                    e.itemId().toString(),
                    productName,
                    productSku,
                    userId,
                    userName,
                    e.type().signed(e.quantity()),
                    e.quantity(),
                    e.reason() == null ? "" : e.reason().displayValue(),
                    e.type(),
                    e.source().wire(),
                    e.stockAfter());
        }

        /** Times to the microsecond, rounded as the JDBC driver rounds what the ledger stores, so both agree. */
        private static Instant micros(Instant t) {
            long nanos = t.getNano();
            return t.minusNanos(nanos).plusNanos((nanos + 500) / 1000 * 1000);
        }
    }

    public record TransactionPage(List<TransactionView> transactions, long total, int page, int pages) {}

    public record LowStockItemView(
            String id,
            String name,
            String sku,
            String location,
            int currentStock,
            int minThreshold,
            @Nullable String category,
            @Nullable String categoryId,
            @Nullable String subCategoryId) {}

    public record LowStockList(List<LowStockItemView> items) {}

    public record DashboardMetrics(
            long totalProducts,
            long lowStockCount,
            long recentTransactions,
            long outOfStockCount,
            List<CategoryStock> stockByCategory) {}

    public record CategoryStock(@Nullable String categoryId, String category, long items, long units, long lowStock) {}

    /** Movements per UTC day and the items that moved most, over {@code days} days ending today. */
    public record MovementTrendQuery(TenantId tenantId, LocalDate firstDay, int days) {}

    public record DayMovements(LocalDate day, long movements, long unitsIn, long unitsOut) {}

    public record TopMover(String itemId, String name, String sku, long movements, long units) {}

    public record MovementTrend(List<DayMovements> days, List<TopMover> topMovers) {}

    /** How many items were low on stock at the end of each UTC day. */
    public record LowStockSeriesQuery(TenantId tenantId, LocalDate firstDay, int days) {}

    public record DayCount(LocalDate day, long count) {}

    public record LowStockSeries(List<DayCount> days) {}
}
