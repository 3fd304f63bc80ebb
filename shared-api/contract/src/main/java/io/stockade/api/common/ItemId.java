package io.stockade.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** An inventory item (the aggregate identifier of InventoryItem). */
public record ItemId(UUID value) {
    public ItemId {
        Objects.requireNonNull(value, "ItemId");
    }

    @JsonCreator
    public static ItemId of(String value) {
        return new ItemId(UUID.fromString(value));
    }

    public static ItemId random() {
        return new ItemId(Uuids.random());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
