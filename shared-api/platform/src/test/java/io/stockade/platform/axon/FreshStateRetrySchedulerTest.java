package io.stockade.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.errors.DomainRuleViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FreshStateRetrySchedulerTest {
    record Deduct(@TargetAggregateIdentifier String itemId, int quantity) {}

    record Register(String username) {}

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> evicted = new ArrayList<>();
    private final List<RuntimeException> toRaces = new ArrayList<>();
    private final FreshStateRetryScheduler scheduler = new FreshStateRetryScheduler(
            (command, failure, failures, dispatch) -> {
                toRaces.add(failure);
                return false;
            },
            evicted::add,
            executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static CommandMessage<?> command(Object payload) {
        return GenericCommandMessage.asCommandMessage(payload);
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> failures(RuntimeException... failures) {
        List<Class<? extends Throwable>[]> chains = new ArrayList<>();
        for (RuntimeException f : failures) {
            chains.add(new Class[] {f.getClass()});
        }
        return chains;
    }

    @Test
    void shouldDecideARefusalAgainOnceAfterEvictingTheCachedItemWhenTheRefusalDependsOnItsState() throws Exception {
        DomainRuleViolation refused =
                new DomainRuleViolation(DomainRuleViolation.Kind.BUSINESS_RULE, "insufficient-stock", null, "no");
        CountDownLatch dispatched = new CountDownLatch(1);

        boolean retried = scheduler.scheduleRetry(
                command(new Deduct("item-1", 3)), refused, failures(refused), dispatched::countDown);

        assertThat(retried).isTrue();
        assertThat(dispatched.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(evicted).containsExactly("item-1");
        assertThat(toRaces).isEmpty();
    }

    @Test
    void shouldKeepTheSecondRefusalWhenTheFreshStateRefusesToo() {
        DomainRuleViolation refused = new DomainRuleViolation(DomainRuleViolation.Kind.STALE, "stale", null, "no");

        boolean retried =
                scheduler.scheduleRetry(command(new Deduct("item-1", 3)), refused, failures(refused, refused), () -> {
                    throw new AssertionError("dispatched a third time");
                });

        assertThat(retried).isFalse();
        assertThat(evicted).isEmpty();
    }

    @Test
    void shouldNotRetryBadInputOrACommandWithoutATargetAggregate() {
        DomainRuleViolation invalid =
                new DomainRuleViolation(DomainRuleViolation.Kind.VALIDATION, "invalid", "quantity", "no");
        DomainRuleViolation conflict =
                new DomainRuleViolation(DomainRuleViolation.Kind.CONFLICT, "taken", "username", "no");
        Runnable never = () -> {
            throw new AssertionError("dispatched again");
        };

        assertThat(scheduler.scheduleRetry(command(new Deduct("item-1", -1)), invalid, failures(invalid), never))
                .isFalse();
        assertThat(scheduler.scheduleRetry(command(new Register("ann")), conflict, failures(conflict), never))
                .isFalse();

        assertThat(evicted).isEmpty();
        assertThat(toRaces)
                .as("bad input goes to the race policy, which refuses it")
                .containsExactly(invalid);
    }

    @Test
    void shouldLeaveALostAppendRaceToTheBackOffPolicy() {
        ConcurrencyException race = new ConcurrencyException("sequence taken");

        scheduler.scheduleRetry(command(new Deduct("item-1", 3)), race, failures(race), () -> {});

        assertThat(toRaces).containsExactly(race);
        assertThat(evicted).isEmpty();
    }
}
