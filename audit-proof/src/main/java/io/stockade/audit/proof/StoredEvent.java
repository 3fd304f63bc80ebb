package io.stockade.audit.proof;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of the event store ({@code axon.domain_event_entry}) as stored, before any upcasting or decryption: the
 * input of a leaf (see {@link LeafEncoding}). Text columns are as the database returns them; a {@code null} is a SQL
 * NULL. The arrays are neither copied in nor out (a sealer reads a million of these): do not change them.
 *
 * @param globalIndex {@code global_index}
 * @param eventIdentifier {@code event_identifier}
 * @param aggregateIdentifier {@code aggregate_identifier}
 * @param sequenceNumber {@code sequence_number}
 * @param aggregateType {@code type} (nullable)
 * @param payloadType {@code payload_type}
 * @param payloadRevision {@code payload_revision} (nullable)
 * @param timeStamp {@code time_stamp}, the ISO-8601 text as stored
 * @param payload {@code payload}
 * @param metaData {@code meta_data} (nullable)
 */
public record StoredEvent(
        long globalIndex,
        String eventIdentifier,
        String aggregateIdentifier,
        long sequenceNumber,
        String aggregateType,
        String payloadType,
        String payloadRevision,
        String timeStamp,
        byte[] payload,
        byte[] metaData) {

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof StoredEvent)) {
            return false;
        }
        StoredEvent that = (StoredEvent) other;
        return globalIndex == that.globalIndex
                && sequenceNumber == that.sequenceNumber
                && Objects.equals(eventIdentifier, that.eventIdentifier)
                && Objects.equals(aggregateIdentifier, that.aggregateIdentifier)
                && Objects.equals(aggregateType, that.aggregateType)
                && Objects.equals(payloadType, that.payloadType)
                && Objects.equals(payloadRevision, that.payloadRevision)
                && Objects.equals(timeStamp, that.timeStamp)
                && Arrays.equals(payload, that.payload)
                && Arrays.equals(metaData, that.metaData);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(
                globalIndex,
                eventIdentifier,
                aggregateIdentifier,
                sequenceNumber,
                aggregateType,
                payloadType,
                payloadRevision,
                timeStamp);
        return 31 * (31 * result + Arrays.hashCode(payload)) + Arrays.hashCode(metaData);
    }

    /** Names the row, never its payload or metadata (they may hold sealed personal values). */
    @Override
    public String toString() {
        return "StoredEvent[globalIndex=" + globalIndex + ", aggregateIdentifier=" + aggregateIdentifier
                + ", sequenceNumber=" + sequenceNumber + ", payloadType=" + payloadType + "]";
    }
}
