package io.stockade.platform.tenancy;

import io.stockade.api.common.TenantId;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Binds read-model work to one tenant. Query handlers {@link #read} in a read-only transaction of
 * their own (or the caller's); event handlers, already in the processor's transaction, {@link #bind}
 * before each event, because one batch can hold events of many tenants.
 */
public class TenantScope {
    private final DSLContext dsl;
    private final TransactionTemplate readOnly;

    public TenantScope(DSLContext dsl, PlatformTransactionManager transactionManager) {
        this.dsl = dsl;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    public <T> T read(TenantId tenant, Supplier<T> work) {
        return readOnly.execute(status -> {
            Tenancy.bind(dsl, tenant);
            return work.get();
        });
    }

    /** Must run inside the transaction it is meant for. */
    public void bind(TenantId tenant) {
        Tenancy.bind(dsl, tenant);
    }
}
