package io.stockade.command.inventory;

import static io.stockade.command.jooq.Tables.ITEM_CODE;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import java.util.Locale;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Claims SKUs and barcodes per organisation. Runs inside the command's transaction: the primary key
 * makes a racing second claim wait for the first and then find it taken.
 */
@Repository
class ItemCodeRepository {
    static final String SKU = "sku";
    static final String BARCODE = "barcode";
    private final DSLContext dsl;

    ItemCodeRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** True when the code was free and is now the item's. */
    boolean claim(TenantId tenant, String kind, String code, ItemId item) {
        return dsl.insertInto(ITEM_CODE)
                        .set(ITEM_CODE.TENANT_ID, tenant.value())
                        .set(ITEM_CODE.KIND, kind)
                        .set(ITEM_CODE.CODE, normalise(kind, code))
                        .set(ITEM_CODE.ITEM_ID, item.value())
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    boolean isTaken(TenantId tenant, String kind, String code) {
        return dsl.fetchExists(
                ITEM_CODE,
                ITEM_CODE
                        .TENANT_ID
                        .eq(tenant.value())
                        .and(ITEM_CODE.KIND.eq(kind))
                        .and(ITEM_CODE.CODE.eq(normalise(kind, code))));
    }

    static String normalise(String kind, String code) {
        return SKU.equals(kind) ? code.strip().toUpperCase(Locale.ROOT) : code.strip();
    }
}
