package io.stockade.command.inventory;

import io.stockade.platform.config.StockadeProperties;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may say a stock movement took effect earlier, and how much earlier: Managers and Admins, within the
 * configured window; a couple of minutes either way is clock skew, not back-dating.
 */
@Component
class Backdating {
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private final StockadeProperties properties;
    private final Clock clock;

    Backdating(StockadeProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    Instant effectiveAt(Instant requested, CurrentUser user) {
        if (requested == null) {
            // Left to the aggregate, which uses the recording time; keeps a retried command identical.
            return null;
        }
        Instant now = clock.instant();
        if (requested.isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.validation("effectiveAt", "effectiveAt cannot be in the future");
        }
        if (requested.isBefore(now.minus(CLOCK_SKEW))) {
            if (!user.isAtLeastManager()) {
                throw new ProblemException(
                        HttpStatus.FORBIDDEN,
                        "backdating-not-allowed",
                        "Forbidden",
                        "Only Managers and Admins may back-date a stock movement",
                        List.of(new ProblemException.FieldError("effectiveAt", "back-dating needs Manager or Admin")));
            }
            if (requested.isBefore(now.minus(properties.backdatingWindow()))) {
                throw ProblemException.validation(
                        "effectiveAt",
                        "effectiveAt may be at most "
                                + properties.backdatingWindow().toDays() + " days in the past");
            }
        }
        return requested;
    }
}
