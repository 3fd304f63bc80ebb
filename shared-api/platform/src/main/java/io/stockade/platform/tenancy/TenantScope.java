package io.stockade.platform.tenancy;

import io.stockade.api.common.TenantId;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Binds read-model work to one tenant. Query handlers {@link #read} in a read-only transaction of
 * their own (or the caller's); event handlers, already in the processor's transaction, {@link #bind}
 * before each event, because one batch can hold events of many tenants. {@link TenantBinding} does
 * both for every handler. Within a transaction the setting is only sent again when the tenant
 * changes: a batch of one tenant's events costs one round trip.
 */
public class TenantScope {
    /** Bound in place of a tenant whose setting may have been undone; equals no tenant. */
    private static final Object UNKNOWN = new Object();

    private final DSLContext dsl;
    private final TransactionTemplate readOnly;

    public TenantScope(DSLContext dsl, PlatformTransactionManager transactionManager) {
        this.dsl = dsl;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    public <T> T read(TenantId tenant, Supplier<T> work) {
        return readOnly.execute(status -> {
            bind(tenant);
            return work.get();
        });
    }

    /** The tenant bound in the current transaction, or null when none is (or it is not tracked). */
    public TenantId bound() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                        && TransactionSynchronizationManager.getResource(this) instanceof TenantId t
                ? t
                : null;
    }

    /**
     * Forgets which tenant the transaction is bound to, so the next {@link #bind} sends it again: after
     * a rollback to a savepoint, PostgreSQL has undone a setting made after it.
     */
    public void forget() {
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.unbindResource(this);
            TransactionSynchronizationManager.bindResource(this, UNKNOWN);
        }
    }

    /** Must run inside the transaction it is meant for. */
    public void bind(TenantId tenant) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            Tenancy.bind(dsl, tenant);
            return;
        }
        Object current = TransactionSynchronizationManager.getResource(this);
        if (tenant.equals(current)) {
            return;
        }
        Tenancy.bind(dsl, tenant);
        if (current == null) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(TenantScope.this);
                }
            });
        } else {
            TransactionSynchronizationManager.unbindResource(this);
        }
        TransactionSynchronizationManager.bindResource(this, tenant);
    }
}
