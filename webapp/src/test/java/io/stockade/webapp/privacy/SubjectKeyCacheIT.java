package io.stockade.webapp.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.UserId;
import io.stockade.platform.privacy.SubjectKeys;
import io.stockade.webapp.support.ApiTestBase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The 30 s bound of an erasure across nodes: each node caches keys, and nothing tells the others when one is
 * destroyed. Two nodes on one database, the second with a clock the test moves.
 */
class SubjectKeyCacheIT extends ApiTestBase {
    @Autowired
    DSLContext dsl;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void shouldStopDecryptingOnEveryNodeWithinThirtySecondsWhenAKeyIsDestroyed() {
        AtomicLong otherClock = new AtomicLong(0);
        SubjectKeys erasing = new SubjectKeys(dsl, transactions);
        SubjectKeys other = new SubjectKeys(dsl, transactions, otherClock::get);
        UserId person = UserId.random();

        erasing.keyForWriting(person);
        assertThat(other.keyForReading(person)).as("cached on the other node").isPresent();

        erasing.destroy(person);
        assertThat(erasing.keyForReading(person))
                .as("the erasing node, at once")
                .isEmpty();

        otherClock.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(other.keyForReading(person))
                .as("still cached 29 s after reading")
                .isPresent();
        otherClock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(other.keyForReading(person))
                .as("30 s after reading: read again, gone")
                .isEmpty();
        otherClock.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(other.keyForReading(person)).isEmpty();
    }
}
