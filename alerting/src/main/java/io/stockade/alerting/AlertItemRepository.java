package io.stockade.alerting;

import static io.stockade.alerting.jooq.items.Tables.ALERT_ITEM;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** All SQL of alerting's own item table. Callers bind the tenant first. */
@Repository
class AlertItemRepository {
    private final DSLContext dsl;

    AlertItemRepository(DSLContext dsl) {
        this.dsl = dsl;
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

    void stock(ItemId item, int currentStock) {
        dsl.update(ALERT_ITEM)
                .set(ALERT_ITEM.CURRENT_STOCK, currentStock)
                .where(ALERT_ITEM.ITEM_ID.eq(item.value()))
                .execute();
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
