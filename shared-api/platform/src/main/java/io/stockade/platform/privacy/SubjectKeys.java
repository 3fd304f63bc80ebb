package io.stockade.platform.privacy;

import io.stockade.api.common.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
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
 * commit, with no message between nodes.
 */
public class SubjectKeys {
    private static final Table<Record> KEYS = DSL.table(DSL.name("privacy", "subject_key"));
    private static final Field<UUID> SUBJECT = DSL.field(DSL.name("subject_id"), SQLDataType.UUID);
    private static final Field<byte[]> KEY = DSL.field(DSL.name("key_bytes"), SQLDataType.BLOB);
    private static final Field<OffsetDateTime> DESTROYED =
            DSL.field(DSL.name("destroyed_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 10_000;

    private final DSLContext dsl;
    private final LongSupplier nanoClock;
    private final TransactionTemplate newTx;
    private final SecureRandom random = new SecureRandom();
    // Read on every sealed value of every event: lock-free. Bounded by clearing, which only costs reloads.
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(byte[] key, long loadedAt) {}

    public SubjectKeys(DSLContext dsl, PlatformTransactionManager transactionManager) {
        this(dsl, transactionManager, System::nanoTime);
    }

    /**
     * With the node's monotonic clock given ({@link System#nanoTime()} in production): a test plays two nodes on
     * one database and moves one's clock to prove the 30 s bound of an erasure.
     */
    public SubjectKeys(DSLContext dsl, PlatformTransactionManager transactionManager, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.dsl = dsl;
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
        newTx.executeWithoutResult(s -> dsl.insertInto(KEYS)
                .set(SUBJECT, subject.value())
                .set(KEY, fresh)
                .onConflictDoNothing()
                .execute());
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
        byte[] key = newTx.execute(s ->
                dsl.select(KEY).from(KEYS).where(SUBJECT.eq(subject.value())).fetchOne(KEY));
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

    public static class ErasedSubjectException extends IllegalStateException {
        public ErasedSubjectException(UserId subject) {
            super("personal data of subject " + subject + " has been erased");
        }
    }
}
