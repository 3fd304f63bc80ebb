package io.stockade.api.inventory;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.TenantId;
import org.axonframework.serialization.Revision;

/**
 * What projections emit to subscription queries after they commit a change. A subscriber holds one of
 * the ordinary read queries ({@code CountItemsQuery}, {@code CountTransactionsQuery},
 * {@code FindLowStockQuery}, {@code FindItemQuery}) as a subscription and, on a notice, reads that
 * query's view again: one read per burst instead of one view computed per event.
 */
public final class LiveUpdates {
    private LiveUpdates() {}

    /** A read model of {@code tenantId} changed; {@code itemId} names the item, or is null for a tenant-wide change. */
    @MessageType("stockade.live.ReadModelChanged")
    @Revision("1")
    public record ReadModelChanged(TenantId tenantId, ItemId itemId) {}
}
