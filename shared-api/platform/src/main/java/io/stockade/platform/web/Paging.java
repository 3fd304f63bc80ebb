package io.stockade.platform.web;

import io.stockade.platform.errors.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Seed 004's {@code page} (from 1) and {@code limit} (at most {@value #MAX_LIMIT}), validated. */
public record Paging(int page, int limit) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;
    private static final int MAX_PAGE = 1_000_000;

    public static Paging of(String page, String limit) {
        return new Paging(parse("page", page, 1, 1, MAX_PAGE), parse("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    /**
     * Every row of a paged query, in order: {@code page} answers page {@code p} (from 1) at {@value #MAX_LIMIT} rows
     * a page, and a page shorter than that is the last.
     */
    public static <T> List<T> everyPage(IntFunction<List<T>> page) {
        List<T> all = new ArrayList<>();
        for (int p = 1; ; p++) {
            List<T> rows = page.apply(p);
            all.addAll(rows);
            if (rows.size() < MAX_LIMIT) {
                return all;
            }
        }
    }

    private static int parse(String field, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw ProblemException.validation(field, field + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ProblemException.validation(field, field + " must be a whole number");
        }
    }
}
