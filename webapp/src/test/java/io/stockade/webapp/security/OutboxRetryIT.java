package io.stockade.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stockade.testsupport.TestServices;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An Admin sends a dead-lettered e-mail again ({@code POST /api/admin/outbox/{id}/retry}): it goes
 * back into the queue and out; a message whose one-time link was discarded cannot be revived; only
 * dead messages, only the Admin's own organisation.
 */
class OutboxRetryIT extends ApiTestBase {

    private static Connection db() throws Exception {
        return TestServices.postgres()
                .connect(TestDatabaseInitializer.database().database());
    }

    private UUID deadMessage(String text, String secret) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = db();
                PreparedStatement st = c.prepareStatement("""
                     INSERT INTO command.email_outbox (message_id, tenant_id, kind, recipient, subject, body_text, secret,
                         status, attempts, next_attempt_at, last_error, created_at)
                     SELECT ?, tenant_id, 'test', 'ops@example.test', 'Dead letter', ?, ?, 'DEAD', 8, now(), 'IOException', now()
                     FROM command.user_account WHERE username_key = 'admin'""")) {
            st.setObject(1, id);
            st.setString(2, text);
            st.setString(3, secret);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

    private static String status(UUID id) throws Exception {
        try (Connection c = db();
                PreparedStatement st =
                        c.prepareStatement("SELECT status FROM command.email_outbox WHERE message_id = ?")) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void shouldSendADeadMessageAgainOnce() throws Exception {
        UUID id = deadMessage("The weekly low-stock digest.", null);
        assertThat(manager().post("/api/admin/outbox/" + id + "/retry", "").status())
                .isEqualTo(403);
        assertThat(otherOrganisationAdmin()
                        .post("/api/admin/outbox/" + id + "/retry", "")
                        .status())
                .isEqualTo(404);

        Api.Response retried = admin().post("/api/admin/outbox/" + id + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        assertThat(retried.at("/message/status").asText()).isEqualTo("pending");
        assertThat(retried.at("/message/attempts").asInt()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> status(id).equals("SENT"));

        Api.Response again = admin().post("/api/admin/outbox/" + id + "/retry", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.at("/type").asText()).endsWith("/not-dead-lettered");
    }

    @Test
    void shouldRefuseToReviveAMessageWhoseOneTimeLinkWasDiscarded() throws Exception {
        UUID id = deadMessage("Open https://stockade.example/reset-password#token={{secret}}", null);
        Api.Response r = admin().post("/api/admin/outbox/" + id + "/retry", "");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.at("/type").asText()).endsWith("/secret-expired");
        assertThat(status(id)).isEqualTo("DEAD");
        assertThat(admin().post("/api/admin/outbox/" + UUID.randomUUID() + "/retry", "")
                        .status())
                .isEqualTo(404);
    }
}
