package io.stockade.platform.tenancy;

import io.stockade.api.common.TenantId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Binds the current transaction to one organisation. Every projection table has a FORCEd
 * row-level-security policy on {@value #SETTING}, so a statement that forgets its tenant filter
 * still sees and touches nothing foreign. The setting is transaction-local: it cannot leak to the
 * next user of a pooled connection.
 */
public final class Tenancy {
    public static final String SETTING = "stockade.tenant_id";

    private Tenancy() {}

    /** Must run inside the transaction it is meant for. */
    public static void bind(DSLContext dsl, TenantId tenant) {
        dsl.select(DSL.function(
                        "set_config", String.class, DSL.val(SETTING), DSL.val(tenant.toString()), DSL.inline(true)))
                .fetch();
    }
}
