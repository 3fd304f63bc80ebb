package io.stockade.query.ledger;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.InventoryQueries;
import io.stockade.api.inventory.InventoryQueries.CountTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.FindItemHistoryQuery;
import io.stockade.api.inventory.InventoryQueries.FindTransactionQuery;
import io.stockade.api.inventory.InventoryQueries.FindTransactionsQuery;
import io.stockade.api.inventory.InventoryQueries.TransactionPage;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.query.jooq.tables.records.LedgerTransactionRecord;
import io.stockade.query.live.LiveNotices;
import io.stockade.query.live.LiveQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The transaction ledger: one line per stock movement, straight from the events. */
@Component
@ProcessingGroup(LedgerProjection.GROUP)
class LedgerProjection {
    static final String GROUP = "inventory-ledger";
    private final LedgerRepository ledger;
    private static final Set<LiveQuery> RECENT_MOVEMENTS = Set.of(LiveQuery.RECENT_MOVEMENTS);
    private final LiveNotices live;

    LedgerProjection(LedgerRepository ledger, LiveNotices live) {
        this.ledger = ledger;
        this.live = live;
    }

    @EventHandler
    @WriteBehind.Buffered
    void on(StockAdjustedEvent e, @Timestamp Instant at, @MetaDataValue(AuditMetadata.USER_ID) String userId) {
        TransactionView line = TransactionView.of(e, at, userId, null, null, null);
        LedgerTransactionRecord row = new LedgerTransactionRecord();
        row.setTenantId(e.tenantId().value());
        row.setTransactionId(e.transactionId().value());
        row.setItemId(e.itemId().value());
        row.setUserId(userId == null ? null : UUID.fromString(userId));
        row.setQuantity(line.quantity());
        row.setQuantityChange(line.quantityChange());
        row.setMovementType(line.transactionType().wire());
        row.setSource(line.source());
        row.setReason(line.reason());
        row.setStockAfter(line.stockAfter());
        row.setEffectiveAt(line.effectiveAt().atOffset(ZoneOffset.UTC));
        row.setRecordedAt(line.timestamp().atOffset(ZoneOffset.UTC));
        ledger.insert(e.tenantId(), row);
        // The dashboard's "recent movements" count; delivered after the batch commits.
        live.changed(new ReadModelChanged(e.tenantId(), e.itemId()), RECENT_MOVEMENTS);
    }

    @EventHandler
    void on(ItemCreatedEvent e) {
        ledger.upsertItem(e.tenantId().value(), e.itemId().value(), e.name(), e.sku());
    }

    @EventHandler
    void on(ItemDetailsUpdatedEvent e) {
        ledger.upsertItem(e.tenantId().value(), e.itemId().value(), e.name(), null);
    }

    @EventHandler
    void on(UserRegisteredEvent e) {
        ledger.upsertUser(e.tenantId().value(), e.userId().value(), e.username().displayValue());
    }

    /** A replay reads the same values as erased already (the key is gone); this clears the live copy. */
    @EventHandler
    void on(UserErasedEvent e) {
        ledger.eraseUser(e.tenantId().value(), e.userId().value(), PersonalValue.ERASED);
    }

    @ResetHandler
    void reset() {
        ledger.truncate();
    }

    @QueryHandler
    InventoryQueries.MovementTrend handle(InventoryQueries.MovementTrendQuery q) {
        return new InventoryQueries.MovementTrend(
                ledger.movementsPerDay(q.tenantId().value(), q.firstDay(), q.days()),
                ledger.topMovers(q.tenantId().value(), q.firstDay(), q.days(), 10));
    }

    @QueryHandler
    TransactionPage handle(FindTransactionsQuery q) {
        LedgerRepository.Filter f = new LedgerRepository.Filter(
                q.tenantId().value(),
                q.dateFrom(),
                q.dateTo(),
                q.itemId() == null ? null : q.itemId().value(),
                q.userId() == null ? null : q.userId().value());
        return page(f, q.page(), q.limit());
    }

    @QueryHandler
    TransactionPage handle(FindItemHistoryQuery q) {
        LedgerRepository.Filter f = new LedgerRepository.Filter(
                q.tenantId().value(), null, null, q.itemId().value(), null);
        return page(f, q.page(), q.limit());
    }

    @QueryHandler
    Optional<TransactionView> handle(FindTransactionQuery q) {
        return ledger.find(q.tenantId().value(), q.transactionId().value());
    }

    @QueryHandler
    Long handle(CountTransactionsQuery q) {
        return ledger.countSince(q.tenantId().value(), q.since());
    }

    private TransactionPage page(LedgerRepository.Filter f, int page, int limit) {
        long total = ledger.count(f);
        int pages = (int) Math.max(1, (total + limit - 1) / limit);
        return new TransactionPage(ledger.page(f, page, limit), total, page, pages);
    }
}
