package io.stockade.query.audit;

import io.stockade.api.common.TenantId;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.axon.WriteBehind;
import io.stockade.platform.tenancy.TenantBinding;
import io.stockade.query.audit.seal.EventTenants;
import io.stockade.query.jooq.tables.records.AuditEventRecord;
import io.stockade.query.writebehind.StoredPosition;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The audit index: one row per stored event, whatever its type, so the audit API can filter an organisation's
 * history under row-level security and fetch only the payloads of one page from the event store.
 */
@Component
@ProcessingGroup(AuditIndexProjection.GROUP)
class AuditIndexProjection {
    static final String GROUP = "audit-index";
    private static final Logger log = LoggerFactory.getLogger(AuditIndexProjection.class);
    private final AuditIndexRepository index;

    AuditIndexProjection(AuditIndexRepository index) {
        this.index = index;
    }

    /** Every event: the envelope says where it is and who caused it; only the tenant may need the payload. */
    @EventHandler(payloadType = Object.class)
    @WriteBehind.Buffered
    void on(Object payload, EventMessage<?> event, TrackingToken token) {
        OptionalLong position = token == null ? OptionalLong.empty() : token.position();
        TenantId tenant = tenantOf(payload, event);
        if (position.isEmpty() || tenant == null) {
            // Nothing to file it under: row-level security needs an organisation, keyset paging a position.
            log.warn(
                    "Event {} ({}) not indexed: no organisation or position",
                    event.getIdentifier(),
                    event.getPayloadType());
            return;
        }
        AuditEventRecord row = new AuditEventRecord();
        row.setTenantId(tenant.value());
        row.setPosition(position.getAsLong());
        if (event instanceof DomainEventMessage<?> d) {
            row.setAggregateType(AuditedEvents.aggregateType(d.getType()));
            row.setAggregateId(d.getAggregateIdentifier());
            row.setSequence(d.getSequenceNumber());
        } else {
            row.setAggregateType(AuditedEvents.NO_AGGREGATE);
            row.setAggregateId(event.getIdentifier());
            row.setSequence(0L);
        }
        row.setEventType(AuditedEvents.eventType(event.getPayloadType()));
        row.setUserId(uuid(event.getMetaData().get(AuditMetadata.USER_ID)));
        row.setRecordedAt(event.getTimestamp().atOffset(ZoneOffset.UTC));
        var effective = AuditedEvents.effectiveAt(payload);
        row.setEffectiveAt(effective == null ? null : effective.atOffset(ZoneOffset.UTC));
        row.setCorrelationId(text(event.getMetaData().get(AuditMetadata.CORRELATION_ID), 64));
        row.setOutcome(AuditedEvents.outcome(payload));
        index.insert(tenant, row, event.getIdentifier(), StoredPosition.exact(token));
    }

    @ResetHandler
    void reset() {
        index.truncate();
    }

    /**
     * The organisation to file the event under: {@link EventTenants#owner}, the sealer's rule, so the index and the
     * log agree; none for an event that belongs to no organisation (the deployment's log).
     */
    private static TenantId tenantOf(Object payload, EventMessage<?> event) {
        TenantId owner = EventTenants.owner(
                TenantBinding.tenantOf(payload), event.getMetaData().get(AuditMetadata.TENANT_ID));
        return EventTenants.DEPLOYMENT.equals(owner) ? null : owner;
    }

    private static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(Object value, int max) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.length() > max ? s.substring(0, max) : s;
    }
}
