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
 * Which organisation's log a stored event belongs to, read from its stored metadata (the event table has no tenant
 * column). Events that name no organisation (deployment-wide ones) go to the deployment's own log.
 */
final class EventTenants {
    /** The log of events that belong to no organisation. */
    static final TenantId DEPLOYMENT = new TenantId(new UUID(0, 0));

    private static final JsonFactory JSON = new JsonFactory();

    private EventTenants() {}

    static TenantId of(byte[] metadata) {
        if (metadata == null || metadata.length == 0) {
            return DEPLOYMENT;
        }
        try (JsonParser p = JSON.createParser(metadata)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return DEPLOYMENT;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (AuditMetadata.TENANT_ID.equals(field) && value == JsonToken.VALUE_STRING) {
                    return new TenantId(UUID.fromString(p.getText()));
                }
                p.skipChildren();
            }
            return DEPLOYMENT;
        } catch (IOException | IllegalArgumentException e) {
            // Metadata the sealer cannot read still gets sealed, so an edit to it is caught: it goes to the
            // deployment log rather than stopping every organisation's sealing.
            return DEPLOYMENT;
        }
    }

    static String origin(TenantId tenant) {
        return Checkpoint.originOf(DEPLOYMENT.equals(tenant) ? "deployment" : tenant.toString());
    }
}
