package io.stockade.query.audit.seal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides how far the sealer may go. Axon's global index is taken from a sequence when an event is inserted, so a
 * slow transaction can commit a lower position after higher ones are visible: a hole below a visible event is either
 * an append still in progress or one that rolled back. Sealing past it early would make the late event look inserted.
 *
 * <p>The rule: when the sealer first sees position {@code g} empty below a visible event, it notes every transaction
 * in progress at that moment (their virtual transaction ids, which exist before a transaction has written anything).
 * The appender that holds {@code g} is among them: it took {@code g} before the visible event's appender took its
 * position, and that one had committed before the read. Once none of the noted transactions is still running, a read
 * that starts after that check and still finds {@code g} empty proves it will stay empty: {@code g} becomes a gap and
 * sealing moves past it. An event that later appears at a gap is an insertion.
 *
 * <p>One instance belongs to one sealer; it is not thread-safe.
 */
final class GapWatch {
    private final Map<Long, Set<String>> waitingOn = new HashMap<>();

    /** What one round may do: seal the positions in order, record the gaps, and stop before {@code blockedAt}. */
    record Decision(List<Long> sealable, List<Long> gaps, Long blockedAt) {}

    /**
     * @param sealedThrough every position up to here is done
     * @param visible the positions after {@code sealedThrough} that one read found, ascending
     * @param settledBeforeRead the noted gaps whose transactions had all ended before that read began
     * @param runningNow the transactions in progress now (after the read), for gaps seen for the first time
     */
    Decision decide(long sealedThrough, List<Long> visible, Set<Long> settledBeforeRead, Set<String> runningNow) {
        List<Long> sealable = new ArrayList<>(visible.size());
        List<Long> gaps = new ArrayList<>();
        Long blockedAt = null;
        long expected = sealedThrough + 1;
        for (long position : visible) {
            for (; expected < position; expected++) {
                if (blockedAt == null && settledBeforeRead.contains(expected)) {
                    gaps.add(expected);
                    waitingOn.remove(expected);
                } else {
                    // Every hole below a visible event is noted now, so all of them settle together.
                    waitingOn.computeIfAbsent(expected, g -> Set.copyOf(runningNow));
                    if (blockedAt == null) {
                        blockedAt = expected;
                    }
                }
            }
            if (blockedAt == null) {
                sealable.add(position);
            }
            waitingOn.remove(position);
            expected = position + 1;
        }
        return new Decision(sealable, gaps, blockedAt);
    }

    /**
     * The noted gaps none of whose transactions is running any more, given a way to ask which of a set still run.
     * Call it before the read that {@link #decide} gets.
     */
    Set<Long> settled(Function<Set<String>, Set<String>> stillRunning) {
        Set<String> all = new HashSet<>();
        waitingOn.values().forEach(all::addAll);
        Set<String> running = all.isEmpty() ? Set.of() : stillRunning.apply(all);
        Set<Long> settled = new HashSet<>();
        waitingOn.forEach((gap, txs) -> {
            if (txs.stream().noneMatch(running::contains)) {
                settled.add(gap);
            }
        });
        return settled;
    }

    /** Positions being watched, for the operator's view of why sealing waits. */
    Set<Long> watched() {
        return Set.copyOf(waitingOn.keySet());
    }
}
