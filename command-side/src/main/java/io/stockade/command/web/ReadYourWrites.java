package io.stockade.command.web;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Left only for the alert endpoints until they move into the alerting feature (issue 12 §1); inventory and
 * category writes answer from their commands' results instead. Lets a write answer with the read model that reflects it. Projections are asynchronous; in one JVM
 * they catch up within milliseconds, so a short bounded wait gives the caller its own write back.
 */
public final class ReadYourWrites {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ReadYourWrites() {}

    /** Waits until the read model no longer shows the thing (archived, deleted). */
    public static <T> void awaitGone(Supplier<Optional<T>> read) {
        await(() -> read.get().isPresent() ? Optional.<Boolean>empty() : Optional.of(Boolean.TRUE), gone -> true);
    }

    public static <T> Optional<T> await(Supplier<Optional<T>> read, Predicate<T> caughtUp) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long pause = 1;
        Optional<T> last = Optional.empty();
        while (true) {
            last = read.get();
            if (last.isPresent() && caughtUp.test(last.get())) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                return last;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            pause = Math.min(pause * 2, 50);
        }
    }
}
