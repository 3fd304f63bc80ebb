package io.stockade.platform.axon;

import io.stockade.api.common.TenantId;
import io.stockade.platform.tenancy.TenantScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Write-behind for projections. A handler marked {@link Buffered} does not send its statements one by
 * one: they wait in the processor's batch (one unit of work, one transaction) and go out when it
 * commits, consecutive statements of one shape and tenant as one JDBC batch rendered once. A batch of
 * a hundred stock movements then costs a handful of round trips instead of a few hundred.
 *
 * <p>Order is kept where it matters: statements on one table go out in the order they were written,
 * each table's after the tables first written before it (read-model tables have no foreign keys or
 * triggers between them), and any other handler of the same projection first sends what is waiting,
 * so its reads and direct writes see everything before them. Tenants are kept: each run is sent under
 * its own tenant, and the tenant the handler bound is bound again afterwards.
 *
 * <p>Failures: such a batch runs without a savepoint per event. When any of its handlers fails, or its
 * statements fail when sent, the whole batch rolls back and the processor retries it; the retry runs
 * <em>event by event</em> (every statement sent at once, each event in its own savepoint), so the
 * event at fault is parked in the dead-letter queue and the others are applied. The next batch after a
 * successful retry is fast again.
 */
@Component
public class WriteBehind implements DeferredWrites {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);
    private static final String STATE = WriteBehind.class.getName() + "/";

    /**
     * One statement on one table with named parameters ({@link DSL#param(String, org.jooq.DataType)}),
     * built for the processor that owns the table. The template is rendered once per run of the batch.
     */
    public record Shape(String processor, Table<?> table, String name, Function<DSLContext, Query> template) {
        /** {@code INSERT INTO table (every column) VALUES (…) ON CONFLICT DO NOTHING}, parameters named after the columns ({@code record.intoMap()} binds them). */
        public static Shape insertOnce(String processor, Table<?> table) {
            return new Shape(processor, table, "insert", dsl -> {
                Field<?>[] fields = table.fields();
                Field<?>[] params = new Field<?>[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    params[i] = DSL.param(fields[i].getName(), fields[i].getDataType());
                }
                return dsl.insertInto(table).columns(fields).values(params).onConflictDoNothing();
            });
        }
    }

    private final DSLContext dsl;
    private final TenantScope tenants;
    /** Processors whose next batch runs event by event, after a batch of theirs rolled back. */
    private final Set<String> careful = ConcurrentHashMap.newKeySet();

    public WriteBehind(DSLContext dsl, TenantScope tenants) {
        this.dsl = dsl;
        this.tenants = tenants;
    }

    /** Values for {@link #write}: alternating parameter names and values (values may be null). */
    public static Map<String, Object> values(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, Object> values = new HashMap<>(namesAndValues.length);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return values;
    }

    /** Queues the statement in the current batch, or sends it now when there is no batch to join. */
    public void write(Shape shape, TenantId tenant, Map<String, Object> values) {
        Batch batch = batch(shape.processor());
        if (batch == null || batch.eventByEvent) {
            TenantId bound = tenants.bound();
            send(shape, tenant, List.of(values));
            if (bound != null) {
                tenants.bind(bound);
            }
            return;
        }
        batch.add(shape, tenant, values);
    }

    /**
     * State a projection keeps for its current batch (rows it has read and changed since the last flush),
     * dropped at each flush, when the tables are the truth again. Outside a deferring batch, a fresh one
     * per call: every read then goes to the tables.
     */
    @SuppressWarnings("unchecked")
    public <T> T local(String processor, Supplier<T> create) {
        Batch batch = batch(processor);
        if (batch == null || batch.eventByEvent) {
            return create.get();
        }
        if (batch.local == null) {
            batch.local = create.get();
        }
        return (T) batch.local;
    }

    /** True when the current batch of this processor defers writes (and needs no savepoint per event). */
    @Override
    public boolean deferring(String processor) {
        Batch batch = batch(processor);
        return batch != null && !batch.eventByEvent;
    }

    @Override
    public boolean enter(String processor, boolean buffered) {
        Batch batch = batch(processor);
        if (batch == null || batch.eventByEvent) {
            return false;
        }
        if (!buffered) {
            batch.flush();
        }
        return true;
    }

    /** The batch is then retried event by event. */
    @Override
    public void failed(String processor) {
        Batch batch = batch(processor);
        if (batch != null) {
            batch.failed = true;
        }
    }

    private Batch batch(String processor) {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (!(root instanceof BatchingUnitOfWork<?>)) {
            // Not a processor's batch (a parked event handled again on request, say): its caller expects a
            // failure from the handler itself, so everything is sent at once.
            return null;
        }
        return root.getOrComputeResource(STATE + processor, key -> open(root, processor));
    }

    private Batch open(UnitOfWork<?> root, String processor) {
        Batch batch = new Batch(processor, careful.contains(processor));
        root.onPrepareCommit(u -> batch.beforeCommit());
        root.onRollback(u -> {
            if (careful.add(processor)) {
                log.info("A batch of {} rolled back: its retry runs event by event", processor);
            }
        });
        if (batch.eventByEvent) {
            root.afterCommit(u -> careful.remove(processor));
        }
        return batch;
    }

    private void send(Shape shape, TenantId tenant, List<Map<String, Object>> rows) {
        tenants.bind(tenant);
        BatchBindStep step = dsl.batch(shape.template().apply(dsl));
        for (Map<String, Object> row : rows) {
            step = step.bind(row);
        }
        step.execute();
    }

    private record Run(Shape shape, TenantId tenant, List<Map<String, Object>> rows) {}

    private final class Batch {
        final String processor;
        final boolean eventByEvent;
        /** Per table, in the order the tables were first written; per table, runs in the order written. */
        final Map<Table<?>, List<Run>> runs = new LinkedHashMap<>();

        Object local;
        boolean failed;

        Batch(String processor, boolean eventByEvent) {
            this.processor = processor;
            this.eventByEvent = eventByEvent;
        }

        void add(Shape shape, TenantId tenant, Map<String, Object> values) {
            List<Run> table = runs.computeIfAbsent(shape.table(), t -> new ArrayList<>());
            Run last = table.isEmpty() ? null : table.get(table.size() - 1);
            if (last == null || !last.shape().equals(shape) || !last.tenant().equals(tenant)) {
                last = new Run(shape, tenant, new ArrayList<>());
                table.add(last);
            }
            last.rows().add(values);
        }

        void flush() {
            local = null;
            if (runs.isEmpty()) {
                return;
            }
            TenantId bound = tenants.bound();
            try {
                for (List<Run> table : runs.values()) {
                    for (Run run : table) {
                        send(run.shape(), run.tenant(), run.rows());
                    }
                }
            } finally {
                runs.clear();
            }
            if (bound != null) {
                tenants.bind(bound);
            }
        }

        void beforeCommit() {
            if (failed) {
                runs.clear();
                throw new IllegalStateException("An event handler of " + processor
                        + " failed in a write-behind batch; the batch is retried event by event");
            }
            flush();
        }
    }
}
