package io.stockade.alerting;

import static io.stockade.alerting.jooq.items.Tables.ALERT_ITEM;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.platform.axon.DeferredWrites;
import io.stockade.platform.tenancy.TenantScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Repository;

/** All SQL of alerting's own item table. Callers bind the tenant first. */
@Repository
class AlertItemRepository {
    private static final String PENDING_STOCK = AlertItemRepository.class.getName() + "/stock";

    private final DSLContext dsl;
    private final TenantScope tenants;
    private final ObjectProvider<DeferredWrites> deferred;

    AlertItemRepository(DSLContext dsl, TenantScope tenants, ObjectProvider<DeferredWrites> deferred) {
        this.dsl = dsl;
        this.tenants = tenants;
        this.deferred = deferred;
    }

    /** An item low on stock now, as the digest lists it. */
    record LowItem(
            ItemId itemId,
            String name,
            String sku,
            String location,
            CategoryId categoryId,
            CategoryId subCategoryId,
            int currentStock,
            int minThreshold) {}

    void created(
            ItemId item,
            TenantId tenant,
            String name,
            String sku,
            String location,
            CategoryId category,
            CategoryId subCategory,
            int minThreshold) {
        dsl.insertInto(ALERT_ITEM)
                .set(ALERT_ITEM.ITEM_ID, item.value())
                .set(ALERT_ITEM.TENANT_ID, tenant.value())
                .set(ALERT_ITEM.NAME, name)
                .set(ALERT_ITEM.SKU, sku)
                .set(ALERT_ITEM.LOCATION, location)
                .set(ALERT_ITEM.CATEGORY_ID, id(category))
                .set(ALERT_ITEM.SUB_CATEGORY_ID, id(subCategory))
                .set(ALERT_ITEM.CURRENT_STOCK, 0)
                .set(ALERT_ITEM.MIN_THRESHOLD, minThreshold)
                .onConflict(ALERT_ITEM.ITEM_ID)
                .doNothing()
                .execute();
    }

    void details(ItemId item, String name, String location, CategoryId category, CategoryId subCategory) {
        dsl.update(ALERT_ITEM)
                // A name is never taken away; an event without one leaves it as it was.
                .set(ALERT_ITEM.NAME, DSL.coalesce(DSL.val(name), ALERT_ITEM.NAME))
                .set(ALERT_ITEM.LOCATION, location)
                .set(ALERT_ITEM.CATEGORY_ID, id(category))
                .set(ALERT_ITEM.SUB_CATEGORY_ID, id(subCategory))
                .where(ALERT_ITEM.ITEM_ID.eq(item.value()))
                .execute();
    }

    void threshold(ItemId item, int minThreshold) {
        dsl.update(ALERT_ITEM)
                .set(ALERT_ITEM.MIN_THRESHOLD, minThreshold)
                .where(ALERT_ITEM.ITEM_ID.eq(item.value()))
                .execute();
    }

    /**
     * Sets the item's stock. Every stock handler sets it from its event alone, and no other handler writes it, so in a
     * batch that defers writes (see {@link DeferredWrites}) only each item's last stock counts: it is kept until the
     * batch commits and sent then, one JDBC batch per organisation. Replaying six busy items then costs six updates
     * a batch instead of one update (and a savepoint) per movement. Anywhere else it is written at once.
     */
    void stock(TenantId tenant, ItemId item, int currentStock) {
        Map<UUID, Stock> pending = pendingStock();
        if (pending == null) {
            dsl.update(ALERT_ITEM)
                    .set(ALERT_ITEM.CURRENT_STOCK, currentStock)
                    .where(ALERT_ITEM.ITEM_ID.eq(item.value()))
                    .execute();
            return;
        }
        pending.put(item.value(), new Stock(tenant, currentStock));
    }

    private record Stock(TenantId tenant, int stock) {}

    /** This batch's stocks not yet sent, or null when writes are not deferred. */
    private Map<UUID, Stock> pendingStock() {
        DeferredWrites writes = deferred.getIfAvailable();
        if (writes == null || !CurrentUnitOfWork.isStarted() || !writes.deferring(AlertItemProjection.GROUP)) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING_STOCK, key -> {
            Map<UUID, Stock> pending = new LinkedHashMap<>();
            root.onPrepareCommit(u -> sendStock(pending));
            return pending;
        });
    }

    private void sendStock(Map<UUID, Stock> pending) {
        Map<TenantId, List<Object[]>> byTenant = new LinkedHashMap<>();
        pending.forEach((item, s) ->
                byTenant.computeIfAbsent(s.tenant(), t -> new ArrayList<>()).add(new Object[] {s.stock(), item}));
        pending.clear();
        TenantId bound = tenants.bound();
        for (var run : byTenant.entrySet()) {
            tenants.bind(run.getKey());
            BatchBindStep batch = dsl.batch(dsl.update(ALERT_ITEM)
                    .set(ALERT_ITEM.CURRENT_STOCK, (Integer) null)
                    .where(ALERT_ITEM.ITEM_ID.eq((UUID) null)));
            for (Object[] values : run.getValue()) {
                batch = batch.bind(values);
            }
            batch.execute();
        }
        if (bound != null) {
            tenants.bind(bound);
        }
    }

    void archived(ItemId item) {
        dsl.deleteFrom(ALERT_ITEM).where(ALERT_ITEM.ITEM_ID.eq(item.value())).execute();
    }

    void truncate() {
        dsl.truncate(ALERT_ITEM).execute();
    }

    /** The organisation's items low on stock now, emptiest first (the low-stock board's order). */
    List<LowItem> low(TenantId tenant, int limit) {
        return dsl.selectFrom(ALERT_ITEM)
                .where(ALERT_ITEM.TENANT_ID.eq(tenant.value()))
                .and(ALERT_ITEM.CURRENT_STOCK.le(ALERT_ITEM.MIN_THRESHOLD))
                .orderBy(ALERT_ITEM.CURRENT_STOCK.asc(), ALERT_ITEM.NAME.asc())
                .limit(limit)
                .fetch(r -> new LowItem(
                        new ItemId(r.getItemId()),
                        r.getName(),
                        r.getSku(),
                        r.getLocation(),
                        category(r.getCategoryId()),
                        category(r.getSubCategoryId()),
                        r.getCurrentStock(),
                        r.getMinThreshold()));
    }

    private static UUID id(CategoryId category) {
        return category == null ? null : category.value();
    }

    private static CategoryId category(UUID id) {
        return id == null ? null : new CategoryId(id);
    }
}
