package io.stockade.api.inventory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Direction of a stock movement, as seed 004 names it on the wire. */
public enum AdjustmentType {
    ADDITION("addition"),
    DEDUCTION("deduction");

    private final String wire;

    AdjustmentType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The ledger's signed change: one definition for the ledger projection and the movement answer. */
    public int signed(int quantity) {
        return this == ADDITION ? quantity : -quantity;
    }

    @JsonCreator
    public static AdjustmentType fromWire(String value) {
        for (AdjustmentType t : values()) {
            if (t.wire.equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("type must be 'addition' or 'deduction'");
    }
}
