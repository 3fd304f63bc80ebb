package io.stockade.webapp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.NoteVerifierKey;
import io.stockade.audit.proof.ProofVerifier;
import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tamper evidence over HTTP (issue 14 §3): verification at once and as a job, checkpoints that open with the public
 * key, the list of keys, inclusion and consistency proofs that verify with the audit-proof verifier; roles, another
 * organisation, bad input, and every read in the access log.
 */
class AuditVerifyIT extends ApiTestBase {

    /** A movement of a new item, and its position once it is sealed into the organisation's log. */
    private long sealedPosition() {
        String item = createItem("Sealed " + shortId(), 5, 1).get("id").asText();
        Api.Response moved = manager()
                .post(
                        "/api/inventory/" + item + "/stock",
                        Map.of("quantity", 2, "reason", "sealed", "type", "addition"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        long[] position = new long[1];
        eventually(() -> {
            JsonNode events = auditor()
                    .get("/api/audit/events?aggregateId=" + item + "&order=desc")
                    .body()
                    .get("events");
            assertThat(events).isNotEmpty();
            position[0] = events.get(0).get("position").asLong();
            assertThat(auditor()
                            .get("/api/audit/events/" + position[0] + "/proof")
                            .status())
                    .as("sealed")
                    .isEqualTo(200);
        });
        return position[0];
    }

    /** Like eventually, for a verification job over the whole shared test log on a busy machine. */
    private static void within(int seconds, Runnable assertions) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try {
                assertions.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static List<Hash> hashes(JsonNode array) {
        List<Hash> list = new ArrayList<>();
        array.forEach(h -> list.add(Hash.fromHex(h.asText())));
        return list;
    }

    @Test
    void shouldVerifyTheLogAtOnceForARangeAndAsAJobAnyNodeReportsOn() {
        long position = sealedPosition();
        Api.Response all = auditor().post("/api/audit/verify", Map.of());
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.at("/verified").asBoolean()).as(all.toString()).isTrue();
        assertThat(all.at("/problems")).isEmpty();
        assertThat(all.at("/eventsChecked").asLong()).isPositive();
        assertThat(all.at("/treeSize").asLong())
                .isGreaterThanOrEqualTo(all.at("/eventsChecked").asLong());
        assertThat(all.at("/rootHash").asText()).hasSize(64);

        Api.Response one = admin().post("/api/audit/verify", Map.of("from", position, "to", position));
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.at("/eventsChecked").asLong()).isEqualTo(1);
        assertThat(one.at("/verified").asBoolean()).isTrue();

        Api.Response started = auditor().post("/api/audit/verify", Map.of("background", true));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(location).isEqualTo("/api/audit/verify/" + started.at("/id").asText());
        assertThat(started.at("/status").asText()).isIn("running", "done");
        within(60, () -> {
            Api.Response job = auditor().get(location);
            assertThat(job.status()).isEqualTo(200);
            assertThat(job.at("/status").asText()).as(job.toString()).isEqualTo("done");
            assertThat(job.at("/percent").asInt()).isEqualTo(100);
            assertThat(job.at("/result/verified").asBoolean()).isTrue();
            assertThat(job.at("/result/eventsChecked").asLong()).isPositive();
        });
        assertThat(otherOrganisationAdmin().get(location).status())
                .as("another organisation's job")
                .isEqualTo(404);
        assertThat(auditor().get("/api/audit/verify/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    @Test
    void shouldServeCheckpointsKeysAndProofsThatVerifyWithThePublicKeyAlone() throws Exception {
        long position = sealedPosition();
        Api.Response keyText = auditor().get("/api/audit/public-key");
        assertThat(keyText.status()).isEqualTo(200);
        assertThat(keyText.header("Content-Type")).startsWith("text/plain");
        NoteVerifierKey key = NoteVerifierKey.parse(keyText.raw().strip());

        JsonNode keys = admin().get("/api/audit/public-keys").body().get("keys");
        boolean found = false;
        for (JsonNode k : keys) {
            if (k.get("verifierKey").asText().equals(key.toString())) {
                found = true;
                assertThat(k.get("current").asBoolean()).isTrue();
                assertThat(k.get("validUntil").isNull()).isTrue();
            }
        }
        assertThat(found).as(keys.toString()).isTrue();

        JsonNode[] page = new JsonNode[1];
        eventually(() -> {
            page[0] = auditor().get("/api/audit/checkpoints?limit=2").body();
            assertThat(page[0].get("checkpoints")).isNotEmpty();
        });
        for (JsonNode c : page[0].get("checkpoints")) {
            Checkpoint opened = Checkpoint.open(c.get("note").asText(), List.of(key));
            assertThat(opened.treeSize()).isEqualTo(c.get("treeSize").asLong());
            assertThat(opened.rootHash().toHex()).isEqualTo(c.get("rootHash").asText());
        }

        JsonNode proof =
                auditor().get("/api/audit/events/" + position + "/proof").body();
        long size = proof.get("treeSize").asLong();
        ProofVerifier.verifyInclusion(
                proof.get("leafIndex").asLong(),
                size,
                Hash.fromHex(proof.get("leafHash").asText()),
                hashes(proof.get("proof")),
                Hash.fromHex(proof.get("rootHash").asText()));
        if (!proof.get("checkpoint").isNull()) {
            assertThat(Checkpoint.open(proof.get("checkpoint").asText(), List.of(key))
                            .rootHash()
                            .toHex())
                    .isEqualTo(proof.get("rootHash").asText());
        }

        long latest = page[0].get("checkpoints").get(0).get("treeSize").asLong();
        Api.Response grown = auditor().get("/api/audit/checkpoints/consistency?from=1&to=" + latest);
        assertThat(grown.status()).as(grown.toString()).isEqualTo(200);
        ProofVerifier.verifyConsistency(
                1,
                latest,
                Hash.fromHex(grown.at("/fromRoot").asText()),
                Hash.fromHex(grown.at("/toRoot").asText()),
                hashes(grown.at("/proof")));
        assertThat(Checkpoint.open(grown.at("/toCheckpoint").asText(), List.of(key))
                        .rootHash()
                        .toHex())
                .isEqualTo(grown.at("/toRoot").asText());

        assertThat(otherOrganisationAdmin()
                        .get("/api/audit/events/" + position + "/proof")
                        .status())
                .as("our event is not in their log")
                .isEqualTo(404);

        JsonNode entries = auditor()
                .get("/api/audit/access-log?order=desc&limit=100")
                .body()
                .get("entries");
        List<String> endpoints = new ArrayList<>();
        entries.forEach(e -> endpoints.add(e.get("endpoint").asText()));
        assertThat(endpoints)
                .contains(
                        "GET /api/audit/public-key",
                        "GET /api/audit/public-keys",
                        "GET /api/audit/checkpoints",
                        "GET /api/audit/events/{position}/proof",
                        "GET /api/audit/checkpoints/consistency");
    }

    @Test
    void shouldRefuseManagersStaffAndStrangersAndBadInput() {
        List<String> paths = List.of(
                "/api/audit/verify/" + UUID.randomUUID(),
                "/api/audit/checkpoints",
                "/api/audit/public-key",
                "/api/audit/public-keys",
                "/api/audit/events/1/proof",
                "/api/audit/checkpoints/consistency?from=1&to=1");
        for (String path : paths) {
            assertThat(manager().get(path).status()).as(path).isEqualTo(403);
            assertThat(staff().get(path).status()).as(path).isEqualTo(403);
            assertThat(anonymous().get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(manager().post("/api/audit/verify", Map.of()).status()).isEqualTo(403);
        assertThat(staff().post("/api/audit/verify", Map.of()).status()).isEqualTo(403);

        Map<Object, String> badBodies = Map.of(
                Map.of("from", 0), "from",
                Map.of("from", 9, "to", 3), "to",
                Map.of("to", -1), "to");
        badBodies.forEach((body, field) -> {
            Api.Response r = auditor().post("/api/audit/verify", body);
            assertThat(r.status()).as(body.toString()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.at("/errors/0/field").asText()).as(body.toString()).isEqualTo(field);
        });
        Map<String, String> badQueries = Map.of(
                "/api/audit/checkpoints?limit=0", "limit",
                "/api/audit/checkpoints?before=x", "before",
                "/api/audit/events/abc/proof", "position",
                "/api/audit/events/1/proof?treeSize=0", "treeSize",
                "/api/audit/checkpoints/consistency?to=3", "from",
                "/api/audit/checkpoints/consistency?from=5&to=2", "to",
                "/api/audit/checkpoints/consistency?from=1&to=9000000000000", "to");
        badQueries.forEach((path, field) -> {
            Api.Response r = auditor().get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.at("/errors/0/field").asText()).as(path).isEqualTo(field);
        });
    }
}
