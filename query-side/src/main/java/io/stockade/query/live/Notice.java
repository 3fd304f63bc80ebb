package io.stockade.query.live;

import io.stockade.api.common.ItemId;
import io.stockade.api.common.TenantId;
import io.stockade.api.inventory.LiveUpdates.ReadModelChanged;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A read-model change as it travels between nodes on the PostgreSQL channel: the node that applied it, the
 * organisation and item ids, and the queries it concerns. Ids only, never a value a person typed, so the
 * channel carries nothing personal and stays far below PostgreSQL's 8000-byte payload limit (about 130 bytes).
 * Text form: {@code 1 <node> <tenant> <item or -> <QUERY,QUERY>}.
 */
record Notice(String node, ReadModelChanged change, Set<LiveQuery> queries) {
    private static final String VERSION = "1";
    /** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
    static final int MAX_BYTES = 7999;

    Notice {
        if (node.isEmpty() || node.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a node id is one word");
        }
        if (change.tenantId() == null) {
            throw new IllegalArgumentException("a notice names its organisation");
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("a notice concerns at least one query");
        }
        queries = Set.copyOf(queries);
    }

    String encode() {
        String text = String.join(
                " ",
                VERSION,
                node,
                change.tenantId().value().toString(),
                change.itemId() == null ? "-" : change.itemId().value().toString(),
                queries.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalStateException("a notice must stay under PostgreSQL's NOTIFY limit");
        }
        return text;
    }

    /** Reads a notice; anything else on the channel (another version, a stray NOTIFY) is an IllegalArgumentException. */
    static Notice decode(String text) {
        String[] parts = text.split(" ", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a version-" + VERSION + " live notice");
        }
        Set<LiveQuery> queries = EnumSet.noneOf(LiveQuery.class);
        for (String name : parts[4].split(",", -1)) {
            queries.add(LiveQuery.valueOf(name));
        }
        ItemId item = "-".equals(parts[3]) ? null : new ItemId(UUID.fromString(parts[3]));
        return new Notice(parts[1], new ReadModelChanged(new TenantId(UUID.fromString(parts[2])), item), queries);
    }
}
