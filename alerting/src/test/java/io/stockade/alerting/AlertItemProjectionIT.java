package io.stockade.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.alerting.AlertItemRepository.LowItem;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.TransactionId;
import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.inventory.InventoryEvents.ItemArchivedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.MinThresholdChangedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.MovementSource;
import io.stockade.platform.axon.DeferredWrites;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.platform.db.MigrationSet;
import io.stockade.platform.db.Migrations;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.testsupport.TestServices;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/** Alerting's own item table against real PostgreSQL, as the application role (row-level security on). */
class AlertItemProjectionIT {
    private static final TenantId TENANT = TenantId.random();
    private static final TenantId OTHER = TenantId.random();
    private static Provisioned db;
    private static SingleConnectionDataSource app;
    private static TransactionTemplate tx;
    private static AlertItemProjection projection;
    private static AlertItemRepository items;
    private static TenantScope tenants;
    /** The same projection in a host whose processor batches defer writes (the query side's write-behind). */
    private static AlertItemProjection batched;

    /** What the write-behind answers inside a processor's batch (outside its event-by-event retry). */
    private static final DeferredWrites DEFERRING = new DeferredWrites() {
        @Override
        public boolean enter(String processor, boolean buffered) {
            return true;
        }

        @Override
        public void failed(String processor) {}

        @Override
        public boolean deferring(String processor) {
            return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?>;
        }
    };

    @BeforeAll
    static void migrate() throws SQLException {
        db = TestServices.newDatabase();
        String url = TestServices.jdbcUrl(db);
        // What the running app migrates and grants, by the same code.
        Migrations.apply(
                url,
                db.ownerUser(),
                db.ownerPassword(),
                db.appUser(),
                List.of(new MigrationSet("alerting", "classpath:db/alerting", 30)));
        app = new SingleConnectionDataSource(url, db.appUser(), db.appPassword(), true);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(app);
        DSLContext dsl = DSL.using(new TransactionAwareDataSourceProxy(app), SQLDialect.POSTGRES);
        tx = new TransactionTemplate(transactions);
        tenants = new TenantScope(dsl, transactions);
        items = new AlertItemRepository(
                dsl, tenants, new StaticListableBeanFactory().getBeanProvider(DeferredWrites.class));
        projection = new AlertItemProjection(items);
        batched = new AlertItemProjection(new AlertItemRepository(
                dsl,
                tenants,
                new StaticListableBeanFactory(Map.of("writeBehind", DEFERRING)).getBeanProvider(DeferredWrites.class)));
    }

    @AfterAll
    static void drop() {
        app.destroy();
        TestServices.drop(db);
    }

    private static ItemCreatedEvent created(ItemId item, TenantId tenant, String name, CategoryId category) {
        return new ItemCreatedEvent(
                item, tenant, name, "SKU-" + name, "B-" + name, "A1", category, null, null, null, 5);
    }

    private static StockAdjustedEvent moved(ItemId item, TenantId tenant, int before, int after) {
        return new StockAdjustedEvent(
                item,
                tenant,
                TransactionId.random(),
                after >= before ? AdjustmentType.ADDITION : AdjustmentType.DEDUCTION,
                Math.abs(after - before),
                before,
                after,
                null,
                Instant.parse("2026-12-01T08:00:00Z"),
                MovementSource.ADJUSTMENT,
                null);
    }

    private static void handle(Object... events) {
        tx.executeWithoutResult(s -> {
            for (Object e : events) {
                // What the TenantBinding interceptor does for every handler of a running processor.
                tenants.bind(tenantOf(e));
                dispatch(projection, e);
            }
        });
    }

    /** As a processor's batch: one transaction, one batching unit of work, the tenant bound per event. */
    private static void handleAsBatch(Object... events) {
        tx.executeWithoutResult(s -> {
            List<EventMessage<?>> messages = new ArrayList<>();
            for (Object e : events) {
                messages.add(GenericEventMessage.asEventMessage(e));
            }
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
            ResultMessage<?> result = batch.executeWithResult(
                    () -> {
                        Object e = batch.getMessage().getPayload();
                        tenants.bind(tenantOf(e));
                        dispatch(batched, e);
                        return null;
                    },
                    RollbackConfigurationType.ANY_THROWABLE);
            if (result.isExceptional()) {
                throw new IllegalStateException("the batch failed", result.exceptionResult());
            }
        });
    }

    private static void dispatch(AlertItemProjection handler, Object e) {
        if (e instanceof ItemCreatedEvent c) {
            handler.on(c);
        } else if (e instanceof ItemDetailsUpdatedEvent d) {
            handler.on(d);
        } else if (e instanceof MinThresholdChangedEvent m) {
            handler.on(m);
        } else if (e instanceof StockAdjustedEvent a) {
            handler.on(a);
        } else if (e instanceof ItemArchivedEvent a) {
            handler.on(a);
        } else {
            throw new IllegalArgumentException(e.toString());
        }
    }

    private static TenantId tenantOf(Object event) {
        if (event instanceof ItemCreatedEvent c) {
            return c.tenantId();
        } else if (event instanceof ItemDetailsUpdatedEvent d) {
            return d.tenantId();
        } else if (event instanceof MinThresholdChangedEvent m) {
            return m.tenantId();
        } else if (event instanceof StockAdjustedEvent a) {
            return a.tenantId();
        } else if (event instanceof ItemArchivedEvent a) {
            return a.tenantId();
        }
        throw new IllegalArgumentException(event.toString());
    }

    private static List<LowItem> low(TenantId tenant) {
        return tenants.read(tenant, () -> items.low(tenant, 500));
    }

    @Test
    void shouldListTheItemsLowNowAsTheirEventsLeftThemAndOnlyTheOrganisationsOwn() {
        ItemId drill = ItemId.random();
        ItemId saw = ItemId.random();
        ItemId gone = ItemId.random();
        ItemId foreign = ItemId.random();
        CategoryId tools = CategoryId.random();
        Object[] events = {
            created(drill, TENANT, "Drill", null),
            moved(drill, TENANT, 0, 9),
            moved(drill, TENANT, 9, 4),
            new ItemDetailsUpdatedEvent(drill, TENANT, "Cordless drill", "B2", tools, null, null, null),
            created(saw, TENANT, "Saw", null),
            moved(saw, TENANT, 0, 6),
            new MinThresholdChangedEvent(saw, TENANT, 5, 6),
            created(gone, TENANT, "Gone", null),
            new ItemArchivedEvent(gone, TENANT),
            created(foreign, OTHER, "Foreign", null)
        };
        handle(events);

        assertThat(low(TENANT))
                .containsExactly(
                        new LowItem(drill, "Cordless drill", "SKU-Drill", "B2", tools, null, 4, 5),
                        new LowItem(saw, "Saw", "SKU-Saw", "A1", null, null, 6, 6));
        assertThat(low(OTHER)).extracting(LowItem::itemId).containsExactly(foreign);

        handle(events);
        assertThat(low(TENANT)).as("a replayed event changes nothing").hasSize(2);

        handle(moved(drill, TENANT, 4, 20));
        assertThat(low(TENANT)).extracting(LowItem::itemId).containsExactly(saw);

        tx.executeWithoutResult(s -> projection.reset());
        assertThat(low(TENANT)).isEmpty();
    }

    @Test
    void shouldLeaveEachItemsLastStockWhenItsMovementsArriveInOneProcessorBatch() {
        // Organisations of its own: the other case's items stay in the shared database.
        TenantId tenant = TenantId.random();
        TenantId other = TenantId.random();
        ItemId hammer = ItemId.random();
        ItemId file = ItemId.random();
        ItemId gone = ItemId.random();
        ItemId foreign = ItemId.random();
        handleAsBatch(
                created(hammer, tenant, "Hammer", null),
                moved(hammer, tenant, 0, 9),
                created(foreign, other, "Foreign", null),
                moved(foreign, other, 0, 2),
                moved(hammer, tenant, 9, 4),
                created(file, tenant, "File", null),
                moved(file, tenant, 0, 8),
                created(gone, tenant, "Gone", null),
                moved(gone, tenant, 0, 1),
                new ItemArchivedEvent(gone, tenant),
                moved(hammer, tenant, 4, 3));

        assertThat(low(tenant))
                .as("each item's last movement of the batch, in its own organisation; an archived item stays gone")
                .containsExactly(new LowItem(hammer, "Hammer", "SKU-Hammer", "A1", null, null, 3, 5));
        assertThat(low(other)).containsExactly(new LowItem(foreign, "Foreign", "SKU-Foreign", "A1", null, null, 2, 5));

        handleAsBatch(moved(file, tenant, 8, 1), moved(file, tenant, 1, 7), moved(hammer, tenant, 3, 6));
        assertThat(low(tenant)).isEmpty();
        handleAsBatch(moved(file, tenant, 7, 2));
        assertThat(low(tenant)).extracting(LowItem::itemId).containsExactly(file);
    }
}
