package io.stockade.query.reports;

import io.stockade.api.inventory.AdjustmentType;
import io.stockade.api.reporting.ReportQueries.MovementGrouping;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.web.Paging;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The reports' query parameters, checked into problem+json field errors. */
final class ReportParameters {
    static final int DEFAULT_LIMIT = 25;
    static final int DEFAULT_MOVEMENT_DAYS = 30;
    static final int DEFAULT_DEAD_DAYS = 90;
    static final int MAX_DAYS = 3650;

    private ReportParameters() {}

    /** Seed 004's paging, with the reports' default of {@value #DEFAULT_LIMIT} rows. */
    static Paging paging(String page, String limit) {
        return Paging.of(page, limit == null || limit.isBlank() ? Integer.toString(DEFAULT_LIMIT) : limit);
    }

    /** JSON is the default; CSV is answered by its own mapping, so any other format is a mistake. */
    static void json(String format) {
        if (format != null && !format.isBlank() && !format.equalsIgnoreCase("json")) {
            throw ProblemException.validation("format", "format must be csv or json");
        }
    }

    /** A date (a whole UTC day; as {@code to}, that day included) or an ISO-8601 instant. */
    static Instant instant(String field, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String v = value.strip();
            if (v.length() == 10) {
                LocalDate date = LocalDate.parse(v);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(field, field + " must be a date (2026-01-31) or an ISO-8601 instant");
        }
    }

    record Period(Instant from, Instant to) {}

    /** Missing ends make the last {@value #DEFAULT_MOVEMENT_DAYS} whole UTC days up to today. */
    static Period movementPeriod(String from, String to, Instant now) {
        Instant f = instant("from", from, false);
        Instant t = instant("to", to, true);
        if (t == null) {
            t = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            if (f != null && !f.isBefore(t)) {
                throw ProblemException.validation("from", "from must be in the past");
            }
        }
        if (f == null) {
            f = t.minus(Duration.ofDays(DEFAULT_MOVEMENT_DAYS));
        }
        checkOrder(f, t);
        if (Duration.between(f, t).compareTo(Duration.ofDays(MAX_DAYS + 1)) > 0) {
            throw ProblemException.validation("to", "the period can be at most " + MAX_DAYS + " days");
        }
        return new Period(f, t);
    }

    /** Either end may stay open. */
    static Period optionalPeriod(String from, String to) {
        Instant f = instant("from", from, false);
        Instant t = instant("to", to, true);
        if (f != null && t != null) {
            checkOrder(f, t);
        }
        return new Period(f, t);
    }

    private static void checkOrder(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.validation("to", "to must be after from");
        }
    }

    static MovementGrouping grouping(String value) {
        if (value == null || value.isBlank()) {
            return MovementGrouping.DAY;
        }
        try {
            return MovementGrouping.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("groupBy", "groupBy must be one of day, week, month, user, reason, type");
        }
    }

    static AdjustmentType type(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return AdjustmentType.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("type", "type must be ADDITION or DEDUCTION");
        }
    }

    static int days(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DEAD_DAYS;
        }
        try {
            int days = Integer.parseInt(value.strip());
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        throw ProblemException.validation("days", "days must be a whole number from 1 to " + MAX_DAYS);
    }

    static String search(String value) {
        if (value != null && value.length() > 100) {
            throw ProblemException.validation("search", "search must be at most 100 characters");
        }
        return value == null || value.isBlank() ? null : value.strip();
    }
}
