package io.stockade.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** A category or sub-category. */
public record CategoryId(UUID value) {
    public CategoryId {
        Objects.requireNonNull(value, "CategoryId");
    }

    @JsonCreator
    public static CategoryId of(String value) {
        return new CategoryId(UUID.fromString(value));
    }

    public static CategoryId random() {
        return new CategoryId(Uuids.random());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
