package io.stockade.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Roles of seed 004 plus Auditor, who reads what a Manager reads and changes nothing. */
public enum Role {
    ADMIN("Admin"),
    MANAGER("Manager"),
    STAFF("Staff"),
    AUDITOR("Auditor");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Role fromLabel(String label) {
        return Arrays.stream(values())
                .filter(r -> r.label.equalsIgnoreCase(label) || r.name().equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role: " + label));
    }
}
