package io.stockade.api.reporting;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.inventory.AdjustmentType;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Reports (issue 5), answered by the reporting projection's own tables, never by the event store.
 * Every query is one page ({@code page} from 1, {@code limit} rows); pages hold {@code rows, total,
 * page, pages}. Instants are UTC.
 */
public final class ReportQueries {
    private ReportQueries() {}

    /** How movements are grouped: by UTC period (day, ISO week from Monday, month), by user, reason or direction. */
    public enum MovementGrouping {
        DAY,
        WEEK,
        MONTH,
        USER,
        REASON,
        TYPE
    }

    /** Stock per category or sub-category; with {@code categoryId}, that category and its sub-categories only. */
    @MessageType("stockade.reporting.FindStockByCategory")
    @Revision("1")
    public record FindStockByCategoryQuery(TenantId tenantId, CategoryId categoryId, int page, int limit) {}

    /** {@code categoryId == null}: items without a category ("Uncategorised"). */
    public record CategoryStockRow(
            @Nullable String categoryId,
            @Nullable String categoryName,
            @Nullable String parentId,
            @Nullable String parentName,
            long items,
            long units,
            long lowStock,
            long outOfStock) {}

    @MessageType("stockade.reporting.CategoryStockPage")
    @Revision("1")
    public record CategoryStockPage(List<CategoryStockRow> rows, long total, int page, int pages) {}

    /** Stock per location; {@code search} matches part of the location, in any case. */
    @MessageType("stockade.reporting.FindStockByLocation")
    @Revision("1")
    public record FindStockByLocationQuery(TenantId tenantId, String search, int page, int limit) {}

    public record LocationStockRow(String location, long items, long units, long lowStock, long outOfStock) {}

    @MessageType("stockade.reporting.LocationStockPage")
    @Revision("1")
    public record LocationStockPage(List<LocationStockRow> rows, long total, int page, int pages) {}

    /** Movements that took effect in [from, to), grouped; the filters are optional. */
    @MessageType("stockade.reporting.FindMovements")
    @Revision("1")
    public record FindMovementsQuery(
            TenantId tenantId,
            Instant from,
            Instant to,
            MovementGrouping groupBy,
            ItemId itemId,
            UserId userId,
            AdjustmentType type,
            int page,
            int limit) {}

    public record MovementRow(String key, String label, long movements, long unitsIn, long unitsOut) {}

    @MessageType("stockade.reporting.MovementPage")
    @Revision("1")
    public record MovementPage(List<MovementRow> rows, long total, int page, int pages) {}

    /** Items not archived whose last movement took effect before {@code movedBefore}, or that never moved. */
    @MessageType("stockade.reporting.FindDeadStock")
    @Revision("1")
    public record FindDeadStockQuery(
            TenantId tenantId, Instant movedBefore, CategoryId categoryId, int page, int limit) {}

    /** {@code lastMovementAt == null}: never moved. */
    public record DeadStockRow(
            String itemId,
            String sku,
            String name,
            String location,
            int currentStock,
            @Nullable Instant lastMovementAt) {}

    @MessageType("stockade.reporting.DeadStockPage")
    @Revision("1")
    public record DeadStockPage(List<DeadStockRow> rows, long total, int page, int pages) {}

    /** Periods at zero stock overlapping [from, to) (either end open when null); open periods last until {@code asOf}. */
    @MessageType("stockade.reporting.FindStockouts")
    @Revision("1")
    public record FindStockoutsQuery(
            TenantId tenantId, Instant from, Instant to, ItemId itemId, Instant asOf, int page, int limit) {}

    /** {@code recoveredAt == null}: still out; its duration runs until the query's {@code asOf}. */
    public record StockoutRow(
            String itemId,
            @Nullable String sku,
            @Nullable String name,
            Instant outAt,
            @Nullable Instant recoveredAt,
            long durationSeconds) {}

    @MessageType("stockade.reporting.StockoutPage")
    @Revision("1")
    public record StockoutPage(List<StockoutRow> rows, long total, int page, int pages) {}
}
