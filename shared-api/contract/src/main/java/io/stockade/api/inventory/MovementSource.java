package io.stockade.api.inventory;

/** What produced a stock movement: a plain adjustment, a stocktake, or the stock given at creation. */
public enum MovementSource {
    ADJUSTMENT,
    COUNT,
    INITIAL
}
