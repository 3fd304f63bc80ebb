package io.stockade.query.reports;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.reporting.ReportQueries;
import io.stockade.api.reporting.ReportQueries.CategoryStockPage;
import io.stockade.api.reporting.ReportQueries.DeadStockPage;
import io.stockade.api.reporting.ReportQueries.FindDeadStockQuery;
import io.stockade.api.reporting.ReportQueries.FindMovementsQuery;
import io.stockade.api.reporting.ReportQueries.FindStockByCategoryQuery;
import io.stockade.api.reporting.ReportQueries.FindStockByLocationQuery;
import io.stockade.api.reporting.ReportQueries.FindStockoutsQuery;
import io.stockade.api.reporting.ReportQueries.LocationStockPage;
import io.stockade.api.reporting.ReportQueries.MovementPage;
import io.stockade.api.reporting.ReportQueries.StockoutPage;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.ReportItemRecord;
import io.stockade.query.jooq.tables.records.ReportMovementRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * The reports' read model. Idempotent: item rows (and with them the stock figures per category and
 * location, a movement's line and its day's sums) only move forward to a newer aggregate version, and a
 * stockout is keyed by the movement that emptied the item.
 */
@Component
@ProcessingGroup(ReportsProjection.GROUP)
class ReportsProjection {
    static final String GROUP = "reporting";
    private final ReportsRepository reports;
    private final WriteBehind writes;

    ReportsProjection(ReportsRepository reports, WriteBehind writes) {
        this.reports = reports;
        this.writes = writes;
    }

    @EventHandler
    void on(ItemCreatedEvent e, @SequenceNumber long seq) {
        ReportItemRecord row = new ReportItemRecord();
        row.setTenantId(e.tenantId().value());
        row.setItemId(e.itemId().value());
        row.setSku(e.sku());
        row.setName(e.name());
        row.setLocation(e.location());
        categories(row, e.categoryId(), e.subCategoryId());
        row.setCurrentStock(0);
        row.setMinThreshold(e.minThreshold());
        row.setArchived(false);
        row.setVersion(seq);
        if (reports.insertItem(row)) {
            reports.add(ReportsRepository.Share.of(row));
        }
    }

    @EventHandler
    void on(ItemDetailsUpdatedEvent e, @SequenceNumber long seq) {
        change(e.tenantId(), e.itemId().value(), seq, row -> {
            row.setName(e.name());
            row.setLocation(e.location());
            categories(row, e.categoryId(), e.subCategoryId());
        });
    }

    @EventHandler
    void on(MinThresholdChangedEvent e, @SequenceNumber long seq) {
        change(e.tenantId(), e.itemId().value(), seq, row -> row.setMinThreshold(e.minThreshold()));
    }

    @EventHandler
    void on(ItemArchivedEvent e, @SequenceNumber long seq) {
        change(e.tenantId(), e.itemId().value(), seq, row -> row.setArchived(true));
    }

    /**
     * Movements count when they took effect (back-dating included); stockouts run on recorded time, the
     * stock's own order. The busiest handler: its writes wait for the end of the batch, and an item read
     * once in a batch is kept (with its changes) for the rest of it. The item's version decides whether the
     * event is new, for the line, the day's sums and the figures alike (they are always written together).
     */
    @EventHandler
    @WriteBehind.Buffered
    void on(
            StockAdjustedEvent e,
            @SequenceNumber long seq,
            @Timestamp Instant at,
            @MetaDataValue(AuditMetadata.USER_ID) String userId) {
        TenantId tenant = e.tenantId();
        UUID item = e.itemId().value();
        ReportItemRecord row = item(tenant, item);
        if (row == null || row.getVersion() >= seq) {
            return;
        }
        Instant effective = e.effectiveAt() == null ? at : e.effectiveAt();
        ReportsRepository.Share before = ReportsRepository.Share.of(row);
        row.setCurrentStock(e.stockAfter());
        OffsetDateTime last = row.getLastMovementAt();
        if (last == null || last.toInstant().isBefore(effective)) {
            row.setLastMovementAt(effective.atOffset(ZoneOffset.UTC));
        }
        row.setVersion(seq);
        reports.updateItemStockLater(tenant, row);
        reports.reshare(before, ReportsRepository.Share.of(row));

        ReportMovementRecord line = new ReportMovementRecord();
        line.setTenantId(tenant.value());
        line.setTransactionId(e.transactionId().value());
        line.setItemId(item);
        line.setUserId(userId == null ? null : UUID.fromString(userId));
        line.setMovementType(e.type().wire());
        String reason = e.reason() == null ? "" : e.reason().displayValue();
        line.setReason(reason.length() > 500 ? reason.substring(0, 500) : reason);
        line.setUnitsIn(e.type() == AdjustmentType.ADDITION ? e.quantity() : 0);
        line.setUnitsOut(e.type() == AdjustmentType.DEDUCTION ? e.quantity() : 0);
        line.setEffectiveAt(effective.atOffset(ZoneOffset.UTC));
        reports.addMovementLater(tenant, line);
        if (e.stockBefore() > 0 && e.stockAfter() <= 0) {
            reports.stockOutLater(tenant, e.transactionId().value(), item, at);
        } else if (e.stockBefore() <= 0 && e.stockAfter() > 0) {
            reports.recoveredLater(tenant, item, at);
        }
    }

    /**
     * The item as this batch left it. Its first miss reads every item of that tenant that the batch's stock
     * movements name, in one query, instead of one query per event.
     */
    private ReportItemRecord item(TenantId tenant, UUID item) {
        Map<UUID, ReportItemRecord> seen = writes.local(GROUP, HashMap::new);
        ReportItemRecord row = seen.get(item);
        if (row != null && row.getTenantId().equals(tenant.value())) {
            return row;
        }
        Set<UUID> wanted = new HashSet<>();
        wanted.add(item);
        if (writes.deferring(GROUP) && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
            for (var message : batch.getMessages()) {
                // The type first: the payloads of events this projection skips are never deserialized.
                if (StockAdjustedEvent.class.equals(message.getPayloadType())
                        && message.getPayload() instanceof StockAdjustedEvent other
                        && other.tenantId().equals(tenant)
                        && !seen.containsKey(other.itemId().value())) {
                    wanted.add(other.itemId().value());
                }
            }
        }
        seen.putAll(reports.findItems(tenant.value(), wanted));
        return seen.get(item);
    }

    @EventHandler
    void on(CategoryCreatedEvent e) {
        reports.upsertCategory(e.tenantId().value(), e.categoryId().value(), e.name(), id(e.parentId()));
    }

    @EventHandler
    void on(CategoryUpdatedEvent e) {
        reports.renameCategory(e.tenantId().value(), e.categoryId().value(), e.name());
    }

    @EventHandler
    void on(CategoryDeletedEvent e) {
        reports.deleteCategory(e.tenantId().value(), e.categoryId().value());
    }

    @EventHandler
    void on(UserRegisteredEvent e) {
        reports.upsertUser(
                e.tenantId().value(), e.userId().value(), e.username().displayValue());
    }

    /** A replay reads the same values as erased already (the key is gone); this clears the live copy. */
    @EventHandler
    void on(UserErasedEvent e) {
        reports.eraseUser(e.tenantId().value(), e.userId().value(), PersonalValue.ERASED);
    }

    @ResetHandler
    void reset() {
        reports.truncate();
    }

    @QueryHandler
    CategoryStockPage handle(FindStockByCategoryQuery q) {
        ReportsRepository.Page<ReportQueries.CategoryStockRow> p =
                reports.stockByCategory(q.tenantId().value(), id(q.categoryId()), q.page(), q.limit());
        return new CategoryStockPage(p.rows(), p.total(), q.page(), pages(p.total(), q.limit()));
    }

    @QueryHandler
    LocationStockPage handle(FindStockByLocationQuery q) {
        var p = reports.stockByLocation(q.tenantId().value(), q.search(), q.page(), q.limit());
        return new LocationStockPage(p.rows(), p.total(), q.page(), pages(p.total(), q.limit()));
    }

    @QueryHandler
    MovementPage handle(FindMovementsQuery q) {
        var p = reports.movements(ReportsRepository.MovementFilter.of(q), q.page(), q.limit());
        return new MovementPage(p.rows(), p.total(), q.page(), pages(p.total(), q.limit()));
    }

    @QueryHandler
    DeadStockPage handle(FindDeadStockQuery q) {
        var p = reports.deadStock(q.tenantId().value(), q.movedBefore(), id(q.categoryId()), q.page(), q.limit());
        return new DeadStockPage(p.rows(), p.total(), q.page(), pages(p.total(), q.limit()));
    }

    @QueryHandler
    StockoutPage handle(FindStockoutsQuery q) {
        var p = reports.stockouts(ReportsRepository.StockoutFilter.of(q), q.page(), q.limit());
        return new StockoutPage(p.rows(), p.total(), q.page(), pages(p.total(), q.limit()));
    }

    /** Applies a change to the item once (only from an older version) and moves its share of the stock figures. */
    private void change(TenantId tenant, UUID item, long seq, Consumer<ReportItemRecord> change) {
        reports.findItem(tenant.value(), item)
                .filter(row -> row.getVersion() < seq)
                .ifPresent(row -> {
                    ReportsRepository.Share before = ReportsRepository.Share.of(row);
                    change.accept(row);
                    row.setVersion(seq);
                    reports.updateItem(row);
                    reports.reshare(before, ReportsRepository.Share.of(row));
                });
    }

    /** The report groups an item under its most specific category. */
    private static void categories(ReportItemRecord row, CategoryId category, CategoryId subCategory) {
        row.setCategoryId(id(category));
        row.setSubCategoryId(id(subCategory));
        row.setReportCategoryId(subCategory != null ? id(subCategory) : id(category));
    }

    private static int pages(long total, int limit) {
        return (int) Math.max(1, (total + limit - 1) / limit);
    }

    private static UUID id(CategoryId id) {
        return id == null ? null : id.value();
    }
}
