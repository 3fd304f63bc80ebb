package io.stockade.api.inventory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Seed 004's status: low stock means {@code currentStock <= minThreshold}. */
public enum StockStatus {
    IN_STOCK("In Stock"),
    LOW_STOCK("Low Stock"),
    OUT_OF_STOCK("Out of Stock");

    private final String label;

    StockStatus(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static StockStatus of(int currentStock, int minThreshold) {
        if (currentStock <= 0) {
            return OUT_OF_STOCK;
        }
        return currentStock <= minThreshold ? LOW_STOCK : IN_STOCK;
    }

    public static boolean isLow(int currentStock, int minThreshold) {
        return currentStock <= minThreshold;
    }

    @JsonCreator
    public static StockStatus fromLabel(String value) {
        for (StockStatus s : values()) {
            if (s.label.equalsIgnoreCase(value)
                    || s.name().equalsIgnoreCase(value)
                    || s.name().replace("_", "-").equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of 'In Stock', 'Low Stock', 'Out of Stock'");
    }
}
