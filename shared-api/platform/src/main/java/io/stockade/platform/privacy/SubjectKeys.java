package io.stockade.platform.privacy;

import io.stockade.api.common.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-person keys of crypto-shredding. A key is created in its own committed transaction, so a
 * command that rolls back never leaves events encrypted with a key that was not stored. Keys are
 * cached briefly; a destroyed key stops decrypting on this node at once and on others within the TTL: an entry is
 * trusted for 30 s from the moment before it was read, so an erasure binds every node at most 30 s after its
 * commit, with no message between nodes. A key is stored wrapped by the {@link KeyWrapping} the service was given
 * (ADR 0007) and cached opened.
 */
public class SubjectKeys {
    private static final Table<Record> KEYS = DSL.table(DSL.name("privacy", "subject_key"));
    private static final Field<UUID> SUBJECT = DSL.field(DSL.name("subject_id"), SQLDataType.UUID);
    private static final Field<byte[]> KEY = DSL.field(DSL.name("key_bytes"), SQLDataType.BLOB);
    private static final Field<String> WRAPPED_BY = DSL.field(DSL.name("wrapped_by"), SQLDataType.CLOB);
    private static final Field<OffsetDateTime> DESTROYED =
            DSL.field(DSL.name("destroyed_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 10_000;
    private static final int WRAP_BATCH = 500;

    private final DSLContext dsl;
    private final KeyWrapping wrapping;
    private final LongSupplier nanoClock;
    private final TransactionTemplate newTx;
    private final SecureRandom random = new SecureRandom();
    // Read on every sealed value of every event: lock-free. Bounded by clearing, which only costs reloads.
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(byte[] key, long loadedAt) {}

    public SubjectKeys(DSLContext dsl, PlatformTransactionManager transactionManager) {
        this(dsl, transactionManager, KeyWrapping.NONE, System::nanoTime);
    }

    public SubjectKeys(DSLContext dsl, PlatformTransactionManager transactionManager, KeyWrapping wrapping) {
        this(dsl, transactionManager, wrapping, System::nanoTime);
    }

    /**
     * With the node's monotonic clock given ({@link System#nanoTime()} in production): a test plays two nodes on
     * one database and moves one's clock to prove the 30 s bound of an erasure.
     */
    public SubjectKeys(DSLContext dsl, PlatformTransactionManager transactionManager, LongSupplier nanoClock) {
        this(dsl, transactionManager, KeyWrapping.NONE, nanoClock);
    }

    public SubjectKeys(
            DSLContext dsl,
            PlatformTransactionManager transactionManager,
            KeyWrapping wrapping,
            LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.dsl = dsl;
        this.wrapping = wrapping;
        this.newTx = new TransactionTemplate(transactionManager);
        this.newTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The subject's key, created on first use. Fails if the key was destroyed: nothing new is written for an erased person. */
    public byte[] keyForWriting(UserId subject) {
        Optional<byte[]> existing = keyForReading(subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        long now = nanoClock.getAsLong();
        byte[] stored = wrapping.wrap(subject.value(), fresh);
        Integer inserted = newTx.execute(s -> dsl.insertInto(KEYS)
                .set(SUBJECT, subject.value())
                .set(KEY, stored)
                .set(WRAPPED_BY, wrapping.name())
                .onConflictDoNothing()
                .execute());
        if (inserted != null && inserted == 1) {
            cache.put(subject.value(), new Cached(fresh, now));
            return fresh;
        }
        // Another node stored this person's key first (or erased them meanwhile): theirs counts.
        cache.remove(subject.value());
        return keyForReading(subject).orElseThrow(() -> new ErasedSubjectException(subject));
    }

    /** Empty when the key was destroyed (or never existed). */
    public Optional<byte[]> keyForReading(UserId subject) {
        long now = nanoClock.getAsLong();
        Cached c = cache.get(subject.value());
        if (c != null && now - c.loadedAt < TTL.toNanos()) {
            return Optional.ofNullable(c.key);
        }
        Record2<byte[], String> row = newTx.execute(s -> dsl.select(KEY, WRAPPED_BY)
                .from(KEYS)
                .where(SUBJECT.eq(subject.value()))
                .fetchOne());
        // Opened outside the transaction: with AWS KMS that is a call over the network.
        byte[] key = row == null || row.value1() == null ? null : open(subject.value(), row.value1(), row.value2());
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(subject.value(), new Cached(key, now));
        return Optional.ofNullable(key);
    }

    /** Crypto-shredding: every personal value of this subject becomes unreadable, everywhere. */
    public void destroy(UserId subject) {
        newTx.executeWithoutResult(s -> {
            int updated = dsl.update(KEYS)
                    .set(KEY, (byte[]) null)
                    .set(WRAPPED_BY, (String) null)
                    .set(DESTROYED, OffsetDateTime.now())
                    .where(SUBJECT.eq(subject.value()))
                    .execute();
            if (updated == 0) {
                dsl.insertInto(KEYS)
                        .set(SUBJECT, subject.value())
                        .set(KEY, (byte[]) null)
                        .set(DESTROYED, OffsetDateTime.now())
                        .execute();
            }
        });
        cache.put(subject.value(), new Cached(null, nanoClock.getAsLong()));
    }

    /**
     * Wraps every key still stored as it is (written before a wrapping key was set), a batch at a time; run at
     * start-up. Each row is rewritten only if it is still unwrapped and not destroyed, so nodes starting together
     * never wrap a key twice. Returns how many this node wrapped.
     */
    public int wrapStoredKeys() {
        if (wrapping.name() == null) {
            return 0;
        }
        int wrapped = 0;
        while (true) {
            Result<Record2<UUID, byte[]>> plain = newTx.execute(s -> dsl.select(SUBJECT, KEY)
                    .from(KEYS)
                    .where(WRAPPED_BY.isNull().and(KEY.isNotNull()))
                    .limit(WRAP_BATCH)
                    .fetch());
            if (plain == null || plain.isEmpty()) {
                return wrapped;
            }
            for (Record2<UUID, byte[]> r : plain) {
                byte[] stored = wrapping.wrap(r.value1(), r.value2());
                Integer n = newTx.execute(s -> dsl.update(KEYS)
                        .set(KEY, stored)
                        .set(WRAPPED_BY, wrapping.name())
                        .where(SUBJECT.eq(r.value1()).and(WRAPPED_BY.isNull()).and(KEY.eq(r.value2())))
                        .execute());
                wrapped += n == null ? 0 : n;
            }
        }
    }

    /** Every wrapping the stored keys name ({@code wrapped_by}), for the start-up check that this node can open them. */
    public Set<String> storedWrappings() {
        Set<String> names = newTx.execute(s -> dsl.selectDistinct(WRAPPED_BY)
                .from(KEYS)
                .where(WRAPPED_BY.isNotNull())
                .fetchSet(WRAPPED_BY));
        return names == null ? Set.of() : names;
    }

    private byte[] open(UUID subject, byte[] stored, String wrappedBy) {
        if (wrappedBy == null) {
            // Stored before any wrapping key was set (wrapStoredKeys wraps it at the next start).
            return stored;
        }
        if (!wrapping.opens(wrappedBy)) {
            throw new KeyWrapping.UnopenableKeyException(
                    "the personal-data key of subject " + subject + " is wrapped by "
                            + wrappedBy + ", and this service was not given that key: set "
                            + KeyWrapping.settingFor(wrappedBy)
                            + " as on the services that wrote it");
        }
        return wrapping.unwrap(subject, stored);
    }

    public static class ErasedSubjectException extends IllegalStateException {
        public ErasedSubjectException(UserId subject) {
            super("personal data of subject " + subject + " has been erased");
        }
    }
}
