package io.stockade.command.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.command.identity.ErasureRecords.Erasure;
import io.stockade.platform.config.StockadeProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureRecordsTest {
    @TempDir
    Path dir;

    private ErasureRecords records() {
        return new ErasureRecords(
                new StockadeProperties(null, dir, null, null, null),
                dir.resolve("erasures").toString());
    }

    @Test
    void shouldReadBackEveryErasureWhenRecordedOnePerPerson() {
        Erasure first = new Erasure(
                new UserId(UUID.randomUUID()),
                new TenantId(UUID.randomUUID()),
                new UserId(UUID.randomUUID()),
                Instant.parse("2026-12-07T10:00:00Z"));
        Erasure second = new Erasure(
                new UserId(UUID.randomUUID()), first.tenant(), first.erasedBy(), Instant.parse("2026-12-07T10:05:00Z"));
        ErasureRecords records = records();
        records.record(first);
        records.record(second);
        records.record(first);

        assertThat(records().all()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void shouldHoldIdsAndTimeOnlyWhenWritten() throws Exception {
        Erasure e = new Erasure(
                new UserId(UUID.randomUUID()),
                new TenantId(UUID.randomUUID()),
                new UserId(UUID.randomUUID()),
                Instant.EPOCH);
        records().record(e);

        Path file = dir.resolve("erasures")
                .resolve(e.tenant().value().toString())
                .resolve(e.person().value().toString());
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "person=" + e.person().value(),
                        "organisation=" + e.tenant().value(),
                        "erasedBy=" + e.erasedBy().value(),
                        "erasedAt=1970-01-01T00:00:00Z");
    }

    @Test
    void shouldFindNoneWhenTheDirectoryIsMissingAndRefuseAnUnreadableRecord() throws Exception {
        assertThat(records().all()).isEmpty();
        Path bad = Files.createDirectories(dir.resolve("erasures").resolve("x")).resolve("y");
        Files.writeString(bad, "person=not-a-uuid\n");
        assertThatThrownBy(() -> records().all())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("erasure records");
    }
}
