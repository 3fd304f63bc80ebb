package io.stockade.webapp.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.testsupport.TestServices;
import io.stockade.webapp.ProcessorCommands;
import io.stockade.webapp.support.ApiTestBase;
import io.stockade.webapp.support.TestDatabaseInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's view of the event processors, on the management port and from the jar's command line: both read
 * segments, owners and dead letters from the shared token store, so they describe every node of a deployment.
 */
class ProcessorsIT extends ApiTestBase {

    @Test
    void shouldShowSegmentsOwnersAndDeadLettersFromTheTokenStore() throws Exception {
        Provisioned db = TestDatabaseInitializer.database();
        Map<String, Long> deadLetters = new HashMap<>();
        try (Connection c = TestServices.postgres().connect(db.database());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select processing_group, count(*) from axon.dead_letter_entry group by processing_group")) {
            while (rs.next()) {
                deadLetters.put(rs.getString(1), rs.getLong(2));
            }
        }

        JsonNode processors = operator().get("/actuator/processors").body().get("processors");

        int claimed = 0;
        for (JsonNode p : processors) {
            String name = p.get("name").asText();
            if (!p.has("segments")) {
                assertThat(p.has("position"))
                        .as(name + " is not a streaming processor")
                        .isFalse();
                continue;
            }
            assertThat(p.get("deadLetters").asLong()).as(name).isEqualTo(deadLetters.getOrDefault(name, 0L));
            for (JsonNode s : p.get("segments")) {
                if (p.path("running").asBoolean(false)) {
                    assertThat(s.hasNonNull("owner"))
                            .as(name + " segment " + s.get("segment"))
                            .isTrue();
                    claimed++;
                }
            }
            assertThat(p.get("owners")).as(name).hasSize(p.path("running").asBoolean(false) ? 1 : 0);
            assertThat(p.get("lag").asLong()).as(name).isNotNegative();
        }
        assertThat(claimed).as("this node claims its processors' segments").isPositive();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ProcessorCommands.run(
                new String[] {"processors", "list", "--url", TestServices.jdbcUrl(db), "--user", db.ownerUser()},
                Map.of("PGPASSWORD", db.ownerPassword()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String listed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(listed).startsWith("event store head: ");
        for (JsonNode p : processors) {
            if (p.has("segments")) {
                assertThat(listed).contains(p.get("name").asText());
                p.get("owners").forEach(o -> assertThat(listed).contains(o.asText()));
            }
        }

        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        assertThat(ProcessorCommands.run(
                        new String[] {"processors", "list"},
                        Map.of(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(usage, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(usage.toString(StandardCharsets.UTF_8)).contains("processors list --url");
    }
}
