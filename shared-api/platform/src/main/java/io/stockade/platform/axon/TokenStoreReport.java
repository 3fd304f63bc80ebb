package io.stockade.platform.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

/**
 * Every event processor's state as the shared token store holds it: which node owns each segment, where each
 * segment stands, how far a replay has come, and how many events wait in its dead-letter queue. Read from the
 * tables, not from one node's memory, so it shows every node of a deployment (and works with none running: the
 * {@code processors list} command of the jar reads it straight from the database).
 */
public final class TokenStoreReport {
    private TokenStoreReport() {}

    /**
     * One segment of a processor.
     *
     * @param owner         the node holding its claim, or null when unclaimed
     * @param position      the last global position it processed, or null before its first event
     * @param replayPercent how far its replay has come (0-100), or null when it is not replaying
     */
    public record Segment(int segment, String owner, Long position, Integer replayPercent) {}

    /** A processor as the token store holds it. */
    public record Processor(String name, List<Segment> segments, long deadLetters) {
        /** The lowest position of its segments (what the processor as a whole has done), or null. */
        public Long position() {
            return segments.stream()
                    .map(Segment::position)
                    .filter(Objects::nonNull)
                    .min(Long::compare)
                    .orElse(null);
        }

        /** The least advanced segment's replay progress, or null when no segment replays. */
        public Integer replayPercent() {
            return segments.stream()
                    .map(Segment::replayPercent)
                    .filter(Objects::nonNull)
                    .min(Integer::compare)
                    .orElse(null);
        }

        public List<String> owners() {
            return segments.stream()
                    .map(Segment::owner)
                    .filter(Objects::nonNull)
                    .distinct()
                    .sorted()
                    .toList();
        }
    }

    /** The serializer the token store writes with (Stockade's, without the personal-data module tokens never hold). */
    public static Serializer tokenSerializer() {
        return AxonConfiguration.serializer(AxonConfiguration.baseMapper());
    }

    /** Every processor in the token store, by name, with its dead letters. */
    public static Map<String, Processor> read(Connection c, Serializer serializer) throws SQLException {
        Map<String, List<Segment>> segments = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "select processor_name, segment, owner, token_type, token"
                                + " from axon.token_entry where processor_name <> '__config' order by processor_name, segment");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                TrackingToken token = token(serializer, rs.getString(4), rs.getBytes(5));
                Long position = token == null || token.position().isEmpty()
                        ? null
                        : token.position().getAsLong();
                segments.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Segment(rs.getInt(2), rs.getString(3), position, replayPercent(token)));
            }
        }
        Map<String, Long> dead = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "select processing_group, count(*) from axon.dead_letter_entry group by processing_group");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                dead.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, Processor> processors = new LinkedHashMap<>();
        segments.forEach((name, list) -> {
            list.sort(Comparator.comparingInt(Segment::segment));
            processors.put(name, new Processor(name, List.copyOf(list), dead.getOrDefault(name, 0L)));
        });
        return processors;
    }

    /** The event store's head: the highest global position stored, or -1 when it is empty. */
    public static long head(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("select coalesce(max(global_index), -1) from axon.domain_event_entry");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static TrackingToken token(Serializer serializer, String type, byte[] bytes) {
        if (type == null || bytes == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }

    private static Integer replayPercent(TrackingToken token) {
        if (!(token instanceof ReplayToken replay)) {
            return null;
        }
        long target = replay.getTokenAtReset().position().orElse(0L);
        long done = replay.position().orElse(0L);
        return target <= 0 ? 100 : (int) Math.min(100, Math.max(0, done * 100 / target));
    }
}
