package io.stockade.query;

import io.stockade.api.common.TenantId;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.platform.db.MigrationSet;
import io.stockade.platform.db.Migrations;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.testsupport.TestServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh database holding the read schema, migrated as the owner role and used as the application role,
 * so every statement of a projection runs under row-level security as it does in the running app. Each
 * projection test opens its own: they share the PostgreSQL server and nothing else.
 */
public final class ReadModelDatabase implements AutoCloseable {
    private final Provisioned db;
    private final SingleConnectionDataSource app;
    private final TransactionTemplate tx;
    private final DSLContext dsl;
    private final TenantScope tenants;

    private ReadModelDatabase(Provisioned db, SingleConnectionDataSource app) {
        this.db = db;
        this.app = app;
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(app);
        this.tx = new TransactionTemplate(transactions);
        this.dsl = DSL.using(new TransactionAwareDataSourceProxy(app), SQLDialect.POSTGRES);
        this.tenants = new TenantScope(dsl, transactions);
    }

    public static ReadModelDatabase migrated() {
        Provisioned db = TestServices.newDatabase();
        String url = TestServices.jdbcUrl(db);
        // The same set as QuerySideConfiguration's, migrated and granted by the running app's own code.
        Migrations.apply(
                url,
                db.ownerUser(),
                db.ownerPassword(),
                db.appUser(),
                List.of(new MigrationSet("read", "classpath:db/read", 20)));
        return new ReadModelDatabase(db, new SingleConnectionDataSource(url, db.appUser(), db.appPassword(), true));
    }

    public DSLContext dsl() {
        return dsl;
    }

    public TenantScope tenants() {
        return tenants;
    }

    /** Outside an Axon batch (as here) a buffered handler's statements go out at once. */
    public WriteBehind writeBehind() {
        return new WriteBehind(dsl, tenants);
    }

    /** Runs handlers in one transaction with the tenant bound, as TenantBinding does around each handler. */
    public void handle(TenantId tenant, Runnable handlers) {
        tx.executeWithoutResult(s -> {
            tenants.bind(tenant);
            handlers.run();
        });
    }

    /**
     * Handles the events as one batch of a processor does: one transaction, one batching unit of work, so
     * write-behind statements wait for the batch's commit. The handler binds each event's tenant and calls
     * {@link WriteBehind#enter} as the handler enhancer does before every handler of a deferring projection.
     */
    public void handleAsBatch(List<? extends EventMessage<?>> events, Consumer<EventMessage<?>> handler) {
        tx.executeWithoutResult(s -> {
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(events));
            ResultMessage<?> result = batch.executeWithResult(
                    () -> {
                        handler.accept(batch.getMessage());
                        return null;
                    },
                    RollbackConfigurationType.ANY_THROWABLE);
            if (result.isExceptional()) {
                throw new IllegalStateException("the batch failed", result.exceptionResult());
            }
        });
    }

    /** A reset handler runs in the processor's transaction with no tenant bound. */
    public void reset(Runnable resetHandler) {
        tx.executeWithoutResult(s -> resetHandler.run());
    }

    /** Reads as the application role with the tenant bound, as a query handler does. */
    public <T> T read(TenantId tenant, Supplier<T> query) {
        return tenants.read(tenant, query);
    }

    /** Rows of the table the tenant's transaction sees with no filter of its own: row-level security alone. */
    public int visibleRows(TenantId tenant, Table<?> table) {
        return read(tenant, () -> dsl.fetchCount(table));
    }

    /** Rows of every organisation, counted past row-level security (as the server's superuser). */
    public long allRows(Table<?> table) {
        try (Connection su = TestServices.postgres().connect(db.database());
                Statement st = su.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from read." + table.getName())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of one organisation, counted past row-level security (as the server's superuser). */
    public long rowsOf(TenantId tenant, Table<?> table) {
        try (Connection su = TestServices.postgres().connect(db.database());
                PreparedStatement st =
                        su.prepareStatement("select count(*) from read." + table.getName() + " where tenant_id = ?")) {
            st.setObject(1, tenant.value());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.destroy();
        TestServices.drop(db);
    }
}
