package io.stockade.query.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stockade.api.common.TenantId;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.tenancy.TenantBinding;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one rule of which organisation an event belongs to, read from stored bytes (the sealer) and from the
 * deserialized event (the audit index): the two readings agree, and the payload's organisation wins over the
 * metadata's.
 */
class EventTenantsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final TenantId owner = TenantId.random();
    private final TenantId asker = TenantId.random();

    record Moved(Nested detail, TenantId tenantId, int quantity) {}

    /** A nested field of the same name is not the event's organisation. */
    record Nested(String tenantId) {}

    record Unowned(String shelf) {}

    private byte[] bytes(Object value) throws Exception {
        return json.writeValueAsBytes(value);
    }

    private byte[] metadataOf(TenantId tenant) throws Exception {
        return bytes(Map.of(AuditMetadata.TENANT_ID, tenant.toString(), AuditMetadata.USER_ID, "u1"));
    }

    /** What the audit index decides from the deserialized event. */
    private static TenantId indexRule(Object payload, TenantId metadataTenant) {
        return EventTenants.owner(
                TenantBinding.tenantOf(payload), metadataTenant == null ? null : metadataTenant.toString());
    }

    @Test
    void shouldFileAnEventUnderThePayloadsOrganisationWhenTheMetadataNamesAnother() throws Exception {
        Moved payload = new Moved(new Nested(asker.toString()), owner, 3);

        assertThat(EventTenants.of(bytes(payload), metadataOf(asker))).isEqualTo(owner);
        assertThat(indexRule(payload, asker)).isEqualTo(owner);
    }

    @Test
    void shouldFallBackToTheMetadataWhenThePayloadNamesNoOrganisation() throws Exception {
        Unowned payload = new Unowned("S-9");

        assertThat(EventTenants.of(bytes(payload), metadataOf(asker))).isEqualTo(asker);
        assertThat(indexRule(payload, asker)).isEqualTo(asker);
    }

    @Test
    void shouldFileASystemEventWithoutAUserUnderThePayloadsOrganisation() throws Exception {
        Moved payload = new Moved(new Nested(null), owner, 1);

        assertThat(EventTenants.of(bytes(payload), "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(owner);
        assertThat(EventTenants.of(bytes(payload), null)).isEqualTo(owner);
        assertThat(indexRule(payload, null)).isEqualTo(owner);
    }

    @Test
    void shouldGiveTheDeploymentLogAnEventThatNamesNoOrganisationOrCannotBeRead() throws Exception {
        assertThat(EventTenants.of(bytes(new Unowned("S-1")), "{}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(EventTenants.DEPLOYMENT);
        assertThat(EventTenants.of("not json".getBytes(StandardCharsets.UTF_8), null))
                .isEqualTo(EventTenants.DEPLOYMENT);
        assertThat(EventTenants.of("{\"tenantId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8), metadataOf(asker)))
                .as("an unreadable payload organisation falls back to the metadata's")
                .isEqualTo(asker);
        assertThat(indexRule(new Unowned("S-1"), null)).isEqualTo(EventTenants.DEPLOYMENT);
    }
}
