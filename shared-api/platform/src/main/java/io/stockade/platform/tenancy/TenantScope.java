package io.stockade.platform.tenancy;

import io.stockade.api.common.TenantId;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs read-model work in a transaction bound to one tenant (joins the caller's transaction if any). */
public class TenantScope {
    private final DSLContext dsl;
    private final TransactionTemplate tx;
    private final TransactionTemplate readOnly;

    public TenantScope(DSLContext dsl, PlatformTransactionManager transactionManager) {
        this.dsl = dsl;
        this.tx = new TransactionTemplate(transactionManager);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
    }

    public <T> T read(TenantId tenant, Function<DSLContext, T> work) {
        return readOnly.execute(status -> {
            Tenancy.bind(dsl, tenant);
            return work.apply(dsl);
        });
    }

    public <T> T write(TenantId tenant, Function<DSLContext, T> work) {
        return tx.execute(status -> {
            Tenancy.bind(dsl, tenant);
            return work.apply(dsl);
        });
    }
}
