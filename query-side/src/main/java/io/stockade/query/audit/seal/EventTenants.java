package io.stockade.query.audit.seal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.platform.axon.AuditMetadata;
import java.io.IOException;
import java.util.UUID;

/**
 * Which organisation's log a stored event belongs to: the one rule the sealer (which reads the stored bytes) and the
 * audit index (which reads the deserialized event) share, so an event is never sealed in one organisation's log and
 * indexed, hence exported, under another.
 *
 * <p>The payload's {@code tenantId} wins: it is the aggregate's own organisation, checked by the aggregate, and what
 * the read models are bound to ({@code TenantBinding}). The metadata's names who asked, which is not the same thing:
 * an event the system issues itself (a saga, a deadline, an operator's job) carries no user, or the metadata of
 * whatever triggered it. The metadata's organisation is used only when the payload names none; events that name no
 * organisation at all (deployment-wide ones) go to the deployment's own log.
 */
public final class EventTenants {
    /** The log of events that belong to no organisation. */
    public static final TenantId DEPLOYMENT = new TenantId(new UUID(0, 0));

    /** The payload field every tenant-owned message record carries ({@code TenantId tenantId}). */
    static final String PAYLOAD_FIELD = "tenantId";

    private static final JsonFactory JSON = new JsonFactory();

    private EventTenants() {}

    /**
     * The rule: the organisation the payload names, else the one the metadata names (a UUID, as text), else
     * {@link #DEPLOYMENT}.
     */
    public static TenantId owner(TenantId fromPayload, Object fromMetadata) {
        if (fromPayload != null) {
            return fromPayload;
        }
        if (fromMetadata != null) {
            try {
                return new TenantId(UUID.fromString(fromMetadata.toString()));
            } catch (IllegalArgumentException e) {
                return DEPLOYMENT;
            }
        }
        return DEPLOYMENT;
    }

    /** The rule applied to an event as stored: its payload bytes and its metadata bytes, both JSON. */
    static TenantId of(byte[] payload, byte[] metadata) {
        String named = topLevelText(payload, PAYLOAD_FIELD);
        TenantId fromPayload = null;
        if (named != null) {
            try {
                fromPayload = new TenantId(UUID.fromString(named));
            } catch (IllegalArgumentException e) {
                fromPayload = null;
            }
        }
        return owner(fromPayload, fromPayload != null ? null : topLevelText(metadata, AuditMetadata.TENANT_ID));
    }

    /**
     * A top-level text field of a JSON object, null when absent or unreadable: bytes the sealer cannot read still get
     * sealed (so an edit to them is caught), in the deployment log rather than stopping every organisation's sealing.
     */
    private static String topLevelText(byte[] json, String name) {
        if (json == null || json.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    static String origin(TenantId tenant) {
        return Checkpoint.originOf(DEPLOYMENT.equals(tenant) ? "deployment" : tenant.toString());
    }
}
