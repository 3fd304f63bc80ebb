package io.stockade.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.errors.DomainRuleViolation;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaceRetriesTest {
    record Add(String itemId, int quantity) {}

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final RetryScheduler retries = AxonConfiguration.raceRetries(executor);
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new Add("item-1", 1));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** What the JDBC event store throws when the (aggregate, sequence) key is taken: the SQL error beneath. */
    private static ConcurrencyException lostRace() {
        return new ConcurrencyException(
                "An event for aggregate [item-1] at sequence [5] was already inserted",
                new SQLException("duplicate key value violates unique constraint", "23505"));
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(int n, RuntimeException failure) {
        List<Class<? extends Throwable>[]> chains = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chains.add(new Class[] {failure.getClass()});
        }
        return chains;
    }

    @Test
    void shouldRetryALostAppendRaceWhoseCauseIsTheDatabaseError() throws Exception {
        ConcurrencyException race = lostRace();
        CountDownLatch dispatched = new CountDownLatch(1);

        boolean retried = retries.scheduleRetry(command, race, failures(1, race), dispatched::countDown);

        assertThat(retried).isTrue();
        assertThat(dispatched.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldGiveUpAfterEightRetries() {
        ConcurrencyException race = lostRace();

        assertThat(retries.scheduleRetry(command, race, failures(8, race), () -> {}))
                .isTrue();
        assertThat(retries.scheduleRetry(command, race, failures(9, race), () -> {
                    throw new AssertionError("dispatched a tenth time");
                }))
                .isFalse();
    }

    @Test
    void shouldNotRetryARefusal() {
        DomainRuleViolation refused =
                new DomainRuleViolation(DomainRuleViolation.Kind.BUSINESS_RULE, "insufficient-stock", null, "no");

        assertThat(retries.scheduleRetry(command, refused, failures(1, refused), () -> {
                    throw new AssertionError("dispatched again");
                }))
                .isFalse();
    }

    @Test
    void shouldNotRetryACommandSentFromInsideAnotherUnitOfWork() {
        ConcurrencyException race = lostRace();
        DefaultUnitOfWork<?> processing = DefaultUnitOfWork.startAndGet(null);
        try {
            assertThat(retries.scheduleRetry(command, race, failures(1, race), () -> {
                        throw new AssertionError("retried while the enclosing unit of work holds the item");
                    }))
                    .isFalse();
        } finally {
            processing.rollback();
        }
    }
}
