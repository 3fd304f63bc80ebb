package io.stockade.command.imports;

import static io.stockade.command.jooq.Tables.CATEGORY_NAME;
import static io.stockade.command.jooq.Tables.IMPORT_CHUNK;
import static io.stockade.command.jooq.Tables.IMPORT_ERROR;
import static io.stockade.command.jooq.Tables.IMPORT_JOB;
import static io.stockade.command.jooq.Tables.IMPORT_TASKS;
import static io.stockade.command.jooq.Tables.ITEM_CODE;

import io.stockade.command.jooq.tables.records.ImportJobRecord;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** Import jobs, their stored file and their row errors, in the command schema. */
@Repository
class ImportJobRepository {
    static final String RECEIVING = "receiving";
    static final String VALIDATED = "validated";
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    private final DSLContext dsl;

    ImportJobRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Claims the key for a new job; false when the key already names one. */
    boolean create(
            UUID jobId, UUID tenant, UUID user, String role, String key, String mode, boolean dryRun, String owner) {
        return dsl.insertInto(IMPORT_JOB)
                        .set(IMPORT_JOB.JOB_ID, jobId)
                        .set(IMPORT_JOB.TENANT_ID, tenant)
                        .set(IMPORT_JOB.USER_ID, user)
                        .set(IMPORT_JOB.ROLE, role)
                        .set(IMPORT_JOB.IDEM_KEY, key)
                        .set(IMPORT_JOB.MODE, mode)
                        .set(IMPORT_JOB.DRY_RUN, dryRun)
                        .set(IMPORT_JOB.STATUS, RECEIVING)
                        .set(IMPORT_JOB.OWNER, owner)
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    Optional<ImportJobRecord> byKey(UUID tenant, UUID user, String key) {
        return dsl.selectFrom(IMPORT_JOB)
                .where(IMPORT_JOB
                        .TENANT_ID
                        .eq(tenant)
                        .and(IMPORT_JOB.USER_ID.eq(user))
                        .and(IMPORT_JOB.IDEM_KEY.eq(key)))
                .fetchOptional();
    }

    Optional<ImportJobRecord> find(UUID tenant, UUID jobId) {
        return dsl.selectFrom(IMPORT_JOB)
                .where(IMPORT_JOB.TENANT_ID.eq(tenant).and(IMPORT_JOB.JOB_ID.eq(jobId)))
                .fetchOptional();
    }

    Optional<ImportJobRecord> find(UUID jobId) {
        return dsl.selectFrom(IMPORT_JOB).where(IMPORT_JOB.JOB_ID.eq(jobId)).fetchOptional();
    }

    /** A job left half-received by a crash is dropped so that the retry of its request starts again. */
    boolean dropIfStale(UUID jobId, Duration staleAfter) {
        return dsl.deleteFrom(IMPORT_JOB)
                        .where(IMPORT_JOB
                                .JOB_ID
                                .eq(jobId)
                                .and(IMPORT_JOB.STATUS.eq(RECEIVING))
                                .and(IMPORT_JOB.HEARTBEAT_AT.lt(
                                        OffsetDateTime.now().minus(staleAfter))))
                        .execute()
                == 1;
    }

    void delete(UUID jobId) {
        dsl.deleteFrom(IMPORT_JOB).where(IMPORT_JOB.JOB_ID.eq(jobId)).execute();
    }

    void addChunk(UUID jobId, int seq, byte[] data) {
        dsl.insertInto(IMPORT_CHUNK)
                .set(IMPORT_CHUNK.JOB_ID, jobId)
                .set(IMPORT_CHUNK.SEQ, seq)
                .set(IMPORT_CHUNK.DATA, data)
                .execute();
        heartbeat(jobId);
    }

    /** The stored file, fetched one chunk at a time. */
    InputStream file(UUID jobId) {
        return new ChunkStream(seq -> dsl.select(IMPORT_CHUNK.DATA)
                .from(IMPORT_CHUNK)
                .where(IMPORT_CHUNK.JOB_ID.eq(jobId).and(IMPORT_CHUNK.SEQ.eq(seq)))
                .fetchOne(IMPORT_CHUNK.DATA));
    }

    /** Reads chunk 0, 1, 2… until one is missing. */
    private static final class ChunkStream extends InputStream {
        private final IntFunction<byte[]> chunks;
        private int seq;
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean done;

        ChunkStream(IntFunction<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() {
            while (!done && pos >= chunk.length) {
                byte[] next = chunks.apply(seq++);
                if (next == null) {
                    done = true;
                } else {
                    chunk = next;
                    pos = 0;
                }
            }
            return !done;
        }
    }

    void received(UUID jobId, String sha256, long bytes) {
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.BODY_SHA256, sha256)
                .set(IMPORT_JOB.BODY_BYTES, bytes)
                .set(IMPORT_JOB.HEARTBEAT_AT, OffsetDateTime.now())
                .where(IMPORT_JOB.JOB_ID.eq(jobId))
                .execute();
    }

    void validated(UUID jobId, int total, int valid, int invalid, String status, String failure) {
        boolean finished = !RUNNING.equals(status);
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.TOTAL_ROWS, total)
                .set(IMPORT_JOB.VALID_ROWS, valid)
                .set(IMPORT_JOB.INVALID_ROWS, invalid)
                .set(IMPORT_JOB.STATUS, status)
                .set(IMPORT_JOB.FAILURE, failure)
                .set(IMPORT_JOB.HEARTBEAT_AT, OffsetDateTime.now())
                .set(IMPORT_JOB.FINISHED_AT, finished ? OffsetDateTime.now() : null)
                .where(IMPORT_JOB.JOB_ID.eq(jobId))
                .execute();
        if (finished) {
            // Nothing will read the file again; the job and its errors stay for the report.
            dsl.deleteFrom(IMPORT_CHUNK).where(IMPORT_CHUNK.JOB_ID.eq(jobId)).execute();
        }
    }

    /** Records progress up to (not including) {@code nextRow}; false if this node no longer owns the job. */
    boolean progress(UUID jobId, String owner, int nextRow, int processed, int created, int failed) {
        return dsl.update(IMPORT_JOB)
                        .set(IMPORT_JOB.NEXT_ROW, nextRow)
                        .set(IMPORT_JOB.PROCESSED, processed)
                        .set(IMPORT_JOB.CREATED, created)
                        .set(IMPORT_JOB.FAILED, failed)
                        .set(IMPORT_JOB.HEARTBEAT_AT, OffsetDateTime.now())
                        .where(IMPORT_JOB
                                .JOB_ID
                                .eq(jobId)
                                .and(IMPORT_JOB.OWNER.eq(owner))
                                .and(IMPORT_JOB.STATUS.eq(RUNNING)))
                        .execute()
                == 1;
    }

    void completed(UUID jobId, String owner) {
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATUS, COMPLETED)
                .set(IMPORT_JOB.FINISHED_AT, OffsetDateTime.now())
                .where(IMPORT_JOB.JOB_ID.eq(jobId).and(IMPORT_JOB.OWNER.eq(owner)))
                .execute();
        dsl.deleteFrom(IMPORT_CHUNK).where(IMPORT_CHUNK.JOB_ID.eq(jobId)).execute();
    }

    void heartbeat(UUID jobId) {
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.HEARTBEAT_AT, OffsetDateTime.now())
                .where(IMPORT_JOB.JOB_ID.eq(jobId))
                .execute();
    }

    /**
     * Makes this node the job's owner as its import task starts; false when the job is no longer
     * running. A node that lost the job (paused past its heartbeat, then taken over) finds out at its
     * next {@link #progress} and stops.
     */
    boolean claim(UUID jobId, String owner) {
        return dsl.update(IMPORT_JOB)
                        .set(IMPORT_JOB.OWNER, owner)
                        .set(IMPORT_JOB.HEARTBEAT_AT, OffsetDateTime.now())
                        .where(IMPORT_JOB.JOB_ID.eq(jobId).and(IMPORT_JOB.STATUS.eq(RUNNING)))
                        .execute()
                == 1;
    }

    /**
     * Makes the import tasks this node had picked in its previous life (it was killed) due again, so
     * that a restarted node resumes them at once instead of waiting for db-scheduler to declare it
     * dead. Only the scheduler's own columns change, as its dead-execution revival would change them.
     */
    int reviveOwnTasks(String schedulerName) {
        return dsl.update(IMPORT_TASKS)
                .set(IMPORT_TASKS.PICKED, false)
                .set(IMPORT_TASKS.PICKED_BY, (String) null)
                .set(IMPORT_TASKS.LAST_HEARTBEAT, (OffsetDateTime) null)
                .set(IMPORT_TASKS.EXECUTION_TIME, OffsetDateTime.now())
                .set(IMPORT_TASKS.VERSION, IMPORT_TASKS.VERSION.plus(1))
                .where(IMPORT_TASKS.PICKED.isTrue().and(IMPORT_TASKS.PICKED_BY.eq(schedulerName)))
                .execute();
    }

    void addErrors(UUID jobId, Collection<CatalogueCsv.RowError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(
                IMPORT_ERROR, IMPORT_ERROR.JOB_ID, IMPORT_ERROR.ROW_NO, IMPORT_ERROR.FIELD, IMPORT_ERROR.MESSAGE);
        for (CatalogueCsv.RowError e : errors) {
            insert = insert.values(jobId, e.row(), truncate(e.field(), 64), truncate(e.message(), 1000));
        }
        insert.onConflictDoNothing().execute();
    }

    List<CatalogueCsv.RowError> errors(UUID jobId, int limit) {
        return dsl.select(IMPORT_ERROR.ROW_NO, IMPORT_ERROR.FIELD, IMPORT_ERROR.MESSAGE)
                .from(IMPORT_ERROR)
                .where(IMPORT_ERROR.JOB_ID.eq(jobId))
                .orderBy(IMPORT_ERROR.ROW_NO, IMPORT_ERROR.FIELD)
                .limit(limit)
                .fetch(r -> new CatalogueCsv.RowError(r.value1(), r.value2(), r.value3()));
    }

    int errorCount(UUID jobId) {
        return dsl.fetchCount(IMPORT_ERROR, IMPORT_ERROR.JOB_ID.eq(jobId));
    }

    void streamErrors(UUID jobId, Consumer<CatalogueCsv.RowError> each) {
        try (var cursor = dsl.select(IMPORT_ERROR.ROW_NO, IMPORT_ERROR.FIELD, IMPORT_ERROR.MESSAGE)
                .from(IMPORT_ERROR)
                .where(IMPORT_ERROR.JOB_ID.eq(jobId))
                .orderBy(IMPORT_ERROR.ROW_NO, IMPORT_ERROR.FIELD)
                .fetchSize(1000)
                .fetchLazy()) {
            cursor.forEach(r -> each.accept(new CatalogueCsv.RowError(r.value1(), r.value2(), r.value3())));
        }
    }

    /** Rows found invalid when the file was checked: a running job skips them. */
    Set<Integer> invalidRows(UUID jobId) {
        return new HashSet<>(dsl.selectDistinct(IMPORT_ERROR.ROW_NO)
                .from(IMPORT_ERROR)
                .where(IMPORT_ERROR.JOB_ID.eq(jobId))
                .fetch(IMPORT_ERROR.ROW_NO));
    }

    /** The organisation's categories by lower-cased name. */
    Map<String, CatalogueCsv.CategoryRef> categories(UUID tenant) {
        Map<String, CatalogueCsv.CategoryRef> out = new HashMap<>();
        dsl.select(CATEGORY_NAME.NAME_KEY, CATEGORY_NAME.CATEGORY_ID, CATEGORY_NAME.PARENT_ID)
                .from(CATEGORY_NAME)
                .where(CATEGORY_NAME.TENANT_ID.eq(tenant))
                .forEach(r -> out.put(r.value1(), new CatalogueCsv.CategoryRef(r.value2(), r.value3())));
        return out;
    }

    /** Which of these SKUs (normalised, upper case) another item already holds. */
    Set<String> takenSkus(UUID tenant, Collection<String> skus) {
        if (skus.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(dsl.select(ITEM_CODE.CODE)
                .from(ITEM_CODE)
                .where(ITEM_CODE
                        .TENANT_ID
                        .eq(tenant)
                        .and(ITEM_CODE.KIND.eq("sku"))
                        .and(ITEM_CODE.CODE.in(skus)))
                .fetch(ITEM_CODE.CODE));
    }

    static String normaliseSku(String sku) {
        return sku.strip().toUpperCase(Locale.ROOT);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
