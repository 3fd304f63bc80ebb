package io.stockade.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** One stock movement in the ledger; chosen by the command side so a retried request can be matched. */
public record TransactionId(UUID value) {
    public TransactionId {
        Objects.requireNonNull(value, "TransactionId");
    }

    @JsonCreator
    public static TransactionId of(String value) {
        return new TransactionId(UUID.fromString(value));
    }

    public static TransactionId random() {
        return new TransactionId(Uuids.random());
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
