package io.stockade.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.api.common.TenantId;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.inventory.InventoryEvents.ItemCreatedEvent;
import io.stockade.api.inventory.InventoryEvents.ItemDetailsUpdatedEvent;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import io.stockade.api.inventory.InventoryQueries.TransactionView;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.query.audit.AccessLogRepository.Access;
import io.stockade.query.audit.AuditIndexRepository.IndexedEvent;
import io.stockade.query.audit.AuditViews.AccessLogEntry;
import io.stockade.query.audit.AuditViews.AccessLogPage;
import io.stockade.query.audit.AuditViews.AuditEvent;
import io.stockade.query.audit.AuditViews.AuditEventPage;
import io.stockade.query.audit.AuditViews.EventMetadata;
import io.stockade.query.audit.AuditViews.ItemTimeline;
import io.stockade.query.audit.AuditViews.TimelineLine;
import io.stockade.query.audit.EventDecoder.Decoded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit history: pages of the index under the caller's tenant, their payloads fetched from the event store
 * in one statement per page, and the log of every read of it.
 */
@Component
class AuditHistory {
    private final AuditIndexRepository index;
    private final StoredEventRepository store;
    private final AccessLogRepository accessLog;
    private final EventDecoder decoder;
    private final TenantScope tenants;
    private final TransactionTemplate writes;
    private final ObjectMapper json;
    private final Clock clock;

    AuditHistory(
            AuditIndexRepository index,
            StoredEventRepository store,
            AccessLogRepository accessLog,
            EventDecoder decoder,
            TenantScope tenants,
            PlatformTransactionManager transactions,
            ObjectMapper json,
            Clock clock) {
        this.index = index;
        this.store = store;
        this.accessLog = accessLog;
        this.decoder = decoder;
        this.tenants = tenants;
        this.writes = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    AuditEventPage events(TenantId tenant, AuditIndexRepository.Filter filter) {
        return tenants.read(tenant, () -> {
            List<IndexedEvent> rows = index.page(filter);
            boolean more = rows.size() > filter.limit();
            List<IndexedEvent> page = more ? rows.subList(0, filter.limit()) : rows;
            Page decoded = decode(tenant, page, List.of());
            Map<Long, byte[]> leaves =
                    store.leafHashes(page.stream().map(IndexedEvent::position).toList());
            List<AuditEvent> events = new ArrayList<>(page.size());
            for (IndexedEvent row : page) {
                Decoded d = decoded.events().get(row.position());
                events.add(new AuditEvent(
                        row.position(),
                        row.aggregateType(),
                        row.aggregateId(),
                        row.sequence(),
                        row.type(),
                        row.outcome(),
                        row.recordedAt(),
                        row.effectiveAt(),
                        d == null ? null : d.payloadJson(),
                        metadata(row, d, decoded.usernames()),
                        // Null until the sealer has sealed the event (a second or so after it was stored).
                        leafHash(leaves.get(row.position()))));
            }
            return new AuditEventPage(
                    events,
                    more ? AuditCursor.encode(page.get(page.size() - 1).position(), filter.descending()) : null);
        });
    }

    private static String leafHash(byte[] hash) {
        return hash == null ? null : Base64.getEncoder().encodeToString(hash);
    }

    /** An item's life oldest first, or empty when the caller's organisation has no such item. */
    Optional<ItemTimeline> timeline(TenantId tenant, UUID item, Long after, int limit) {
        String id = item.toString();
        return tenants.read(tenant, () -> {
            List<IndexedEvent> rows = index.ofAggregate(tenant.value(), AuditedEvents.ITEM, id, after, limit);
            if (rows.isEmpty()
                    && (after == null
                            || index.ofAggregate(tenant.value(), AuditedEvents.ITEM, id, null, 0)
                                    .isEmpty())) {
                return Optional.empty();
            }
            boolean more = rows.size() > limit;
            List<IndexedEvent> page = more ? rows.subList(0, limit) : rows;
            // A later page starts from the stock and the names the earlier events left.
            List<IndexedEvent> earlier = new ArrayList<>();
            if (after != null && !page.isEmpty()) {
                long first = page.get(0).position();
                for (String type : List.of(
                        AuditedEvents.eventType(ItemCreatedEvent.class),
                        AuditedEvents.eventType(ItemDetailsUpdatedEvent.class),
                        AuditedEvents.eventType(StockAdjustedEvent.class))) {
                    index.lastBefore(tenant.value(), id, type, first).ifPresent(earlier::add);
                }
            }
            Page decoded = decode(tenant, page, earlier);
            ItemState state = new ItemState();
            earlier.stream()
                    .sorted((a, b) -> Long.compare(a.position(), b.position()))
                    .forEach(e -> state.apply(decoded.events().get(e.position())));
            List<TimelineLine> lines = new ArrayList<>(page.size());
            for (IndexedEvent row : page) {
                Decoded d = decoded.events().get(row.position());
                EventMetadata who = metadata(row, d, decoded.usernames());
                int before = state.stock;
                TransactionView movement = null;
                if (d != null && d.payload() instanceof StockAdjustedEvent m) {
                    before = m.stockBefore();
                    movement = TransactionView.of(
                            m, row.recordedAt(), who.userId(), state.name, state.sku, who.username());
                }
                state.apply(d);
                lines.add(new TimelineLine(
                        row.position(),
                        row.sequence(),
                        row.type(),
                        row.recordedAt(),
                        row.effectiveAt(),
                        before,
                        state.stock,
                        who,
                        movement,
                        d == null ? null : d.payloadJson()));
            }
            return Optional.of(new ItemTimeline(
                    id,
                    lines,
                    more ? AuditCursor.encode(page.get(page.size() - 1).position(), false) : null));
        });
    }

    /** What the item was after each event the timeline has folded so far. */
    private static final class ItemState {
        int stock;
        String name;
        String sku;

        void apply(Decoded d) {
            Object payload = d == null ? null : d.payload();
            if (payload instanceof StockAdjustedEvent m) {
                stock = m.stockAfter();
            } else if (payload instanceof ItemCreatedEvent c) {
                name = c.name();
                sku = c.sku();
            } else if (payload instanceof ItemDetailsUpdatedEvent u && u.name() != null) {
                name = u.name();
            }
        }
    }

    AccessLogPage accessLog(TenantId tenant, Long after, boolean descending, int limit) {
        return tenants.read(tenant, () -> {
            List<Access> rows = accessLog.page(tenant.value(), after, descending, limit);
            boolean more = rows.size() > limit;
            List<Access> page = more ? rows.subList(0, limit) : rows;
            Map<UUID, String> usernames = usernames(
                            tenant, page.stream().map(Access::userId).toList(), List.of())
                    .usernames();
            List<AccessLogEntry> entries = new ArrayList<>(page.size());
            for (Access a : page) {
                String subject = a.userId().toString();
                entries.add(new AccessLogEntry(
                        a.id(),
                        a.readAt(),
                        subject,
                        usernames.get(a.userId()),
                        a.role(),
                        a.endpoint(),
                        parse(a.parameters()),
                        decoder.unseal(subject, a.sealedClientIp()),
                        decoder.unseal(subject, a.sealedUserAgent()),
                        a.requestId()));
            }
            return new AccessLogPage(
                    entries, more ? AuditCursor.encode(page.get(page.size() - 1).id(), descending) : null);
        });
    }

    /**
     * Records a read before it is answered, in a transaction of its own: a read that cannot be recorded is not
     * answered. The client address and user agent are sealed under the reader's key.
     */
    void recordRead(
            CurrentUser reader,
            String endpoint,
            Map<String, Object> parameters,
            String clientIp,
            String userAgent,
            String requestId) {
        String agent = userAgent == null ? null : userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent;
        Access access = new Access(
                0,
                clock.instant(),
                reader.userId().value(),
                reader.role().label(),
                endpoint,
                write(parameters),
                clientIp == null ? null : decoder.seal(reader.userId(), clientIp),
                agent == null ? null : decoder.seal(reader.userId(), agent),
                requestId);
        writes.executeWithoutResult(s -> {
            tenants.bind(reader.tenantId());
            accessLog.append(reader.tenantId().value(), access);
        });
    }

    private record Page(Map<Long, Decoded> events, Map<UUID, String> usernames) {}

    /**
     * The stored events of the rows and the usernames of the people in them, read with one statement on the
     * event store (usernames come from each person's registration event, so no read model holds them in clear).
     */
    private Page decode(TenantId tenant, List<IndexedEvent> rows, List<IndexedEvent> more) {
        Set<UUID> people = new HashSet<>();
        rows.forEach(r -> {
            if (r.userId() != null) {
                people.add(r.userId());
            }
        });
        Set<Long> positions = new LinkedHashSet<>();
        rows.forEach(r -> positions.add(r.position()));
        more.forEach(r -> positions.add(r.position()));
        return usernames(tenant, people, positions);
    }

    private Page usernames(TenantId tenant, Collection<UUID> people, Collection<Long> positions) {
        List<IndexedEvent> registrations = index.registrations(tenant.value(), new HashSet<>(people));
        Set<Long> all = new LinkedHashSet<>(positions);
        registrations.forEach(r -> all.add(r.position()));
        Map<Long, Decoded> decoded = new HashMap<>();
        store.at(all).forEach((position, stored) -> decoded.put(position, decoder.decode(stored)));
        Map<UUID, String> usernames = new HashMap<>();
        for (IndexedEvent r : registrations) {
            Decoded d = decoded.get(r.position());
            if (d != null && d.payload() instanceof UserRegisteredEvent u) {
                usernames.put(u.userId().value(), u.username().displayValue());
            }
        }
        return new Page(decoded, usernames);
    }

    /** The usernames of these people, from their registration events (empty for none). */
    Map<UUID, String> usernames(TenantId tenant, Collection<UUID> people) {
        return people.isEmpty()
                ? Map.of()
                : usernames(tenant, people, List.of()).usernames();
    }

    EventMetadata metadata(IndexedEvent row, Decoded d, Map<UUID, String> usernames) {
        Map<String, String> meta = d == null ? Map.of() : d.metadata();
        String userId = row.userId() == null
                ? meta.get(AuditMetadata.USER_ID)
                : row.userId().toString();
        String reason = meta.get("reason");
        if (reason == null && d != null) {
            reason = AuditedEvents.reason(d.payload());
        }
        return new EventMetadata(
                userId,
                row.userId() == null ? null : usernames.get(row.userId()),
                meta.get(AuditMetadata.ROLE),
                decoder.unseal(userId, meta.get(AuditMetadata.CLIENT_IP)),
                decoder.unseal(userId, meta.get(AuditMetadata.USER_AGENT)),
                meta.get(AuditMetadata.REQUEST_ID),
                row.correlationId() != null ? row.correlationId() : meta.get(AuditMetadata.CORRELATION_ID),
                reason);
    }

    private String write(Map<String, Object> parameters) {
        try {
            return json.writeValueAsString(parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(String parameters) {
        try {
            return json.readTree(parameters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
