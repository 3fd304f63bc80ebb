package io.stockade.platform.axon;

import io.stockade.platform.errors.DomainRuleViolation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;

/**
 * Decides a refused command once more on state loaded from the event store. Several command-side nodes share one
 * store, and each keeps aggregates in its own cache: a node whose cached item misses another node's addition
 * would refuse a deduction the item can afford (400 insufficient stock), or an {@code If-Match} that names the
 * current version (412). A refusal that depends on the aggregate's state therefore evicts the target from the
 * caches and dispatches the command again, once; the second answer is final. Input errors and unknown targets
 * are not retried (the store cannot change them), and lost append races go to {@code races}, which backs off.
 */
final class FreshStateRetryScheduler implements RetryScheduler {
    private static final Set<DomainRuleViolation.Kind> STATE_DEPENDENT = Set.of(
            DomainRuleViolation.Kind.BUSINESS_RULE,
            DomainRuleViolation.Kind.STALE,
            DomainRuleViolation.Kind.CONFLICT,
            DomainRuleViolation.Kind.FORBIDDEN);

    private final RetryScheduler races;
    private final Consumer<String> evict;
    private final ScheduledExecutorService executor;
    private final CommandTargetResolver targets =
            AnnotationCommandTargetResolver.builder().build();

    FreshStateRetryScheduler(RetryScheduler races, Consumer<String> evict, ScheduledExecutorService executor) {
        this.races = races;
        this.evict = evict;
        this.executor = executor;
    }

    @Override
    public boolean scheduleRetry(
            CommandMessage commandMessage,
            RuntimeException lastFailure,
            List<Class<? extends Throwable>[]> failures,
            Runnable commandDispatch) {
        DomainRuleViolation refusal = stateDependentRefusal(lastFailure);
        if (refusal == null) {
            return races.scheduleRetry(commandMessage, lastFailure, failures, commandDispatch);
        }
        if (refusals(failures) > 1) {
            return false;
        }
        String target = target(commandMessage);
        if (target == null) {
            return false;
        }
        evict.accept(target);
        executor.execute(commandDispatch);
        return true;
    }

    private String target(CommandMessage<?> command) {
        try {
            return targets.resolveTarget(command).getIdentifier();
        } catch (IllegalArgumentException noTarget) {
            // A command with no aggregate (a creation, or a handler outside aggregates): no cached state to refresh.
            return null;
        }
    }

    static DomainRuleViolation stateDependentRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainRuleViolation v) {
                return STATE_DEPENDENT.contains(v.kind()) ? v : null;
            }
        }
        return null;
    }

    private static long refusals(List<Class<? extends Throwable>[]> failures) {
        return failures.stream()
                .filter(chain -> {
                    for (Class<? extends Throwable> c : chain) {
                        if (DomainRuleViolation.class.isAssignableFrom(c)) {
                            return true;
                        }
                    }
                    return false;
                })
                .count();
    }
}
