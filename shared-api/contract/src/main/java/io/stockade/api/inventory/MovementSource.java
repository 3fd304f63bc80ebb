package io.stockade.api.inventory;

import java.util.Locale;

/** What produced a stock movement: a plain adjustment, a stocktake, or the stock given at creation. */
public enum MovementSource {
    ADJUSTMENT,
    COUNT,
    INITIAL;

    /** The name a ledger line shows ({@code "count"}): one definition for the ledger and the movement answer. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
