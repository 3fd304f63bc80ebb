package io.stockade.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** A person's account. Events name people by this id, never by their personal data. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "UserId");
    }

    @JsonCreator
    public static UserId of(String value) {
        return new UserId(UUID.fromString(value));
    }

    public static UserId random() {
        return new UserId(Uuids.random());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
