package io.stockade.query.audit;

import static io.stockade.query.jooq.Tables.AUDIT_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.stockade.api.common.TenantId;
import io.stockade.query.ReadModelDatabase;
import io.stockade.query.audit.AccessLogRepository.Access;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit access log against real PostgreSQL: appended and paged per organisation, never changed. */
class AccessLogIT {
    private static ReadModelDatabase db;
    private static AccessLogRepository log;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        log = new AccessLogRepository(db.dsl());
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static Access read(String endpoint) {
        return new Access(
                0,
                Instant.parse("2026-12-03T10:00:00Z"),
                UUID.randomUUID(),
                "Auditor",
                endpoint,
                "{\"limit\":100}",
                "pd1:sealed-ip",
                "pd1:sealed-agent",
                "req-12345678");
    }

    private static void append(TenantId tenant, Access a) {
        db.handle(tenant, () -> log.append(tenant.value(), a));
    }

    @Test
    void shouldListAnOrganisationsReadsInKeysetPagesInBothOrders() {
        TenantId mine = TenantId.random();
        TenantId theirs = TenantId.random();
        for (int n = 0; n < 5; n++) {
            append(mine, read("GET /api/audit/events#" + n));
            append(theirs, read("GET /api/audit/access-log#" + n));
        }

        List<Access> first = db.read(mine, () -> log.page(mine.value(), null, false, 3));
        List<Access> rest =
                db.read(mine, () -> log.page(mine.value(), first.get(2).id(), false, 3));
        List<Access> newest = db.read(mine, () -> log.page(mine.value(), null, true, 10));

        assertThat(first).hasSize(4).extracting(Access::endpoint).startsWith("GET /api/audit/events#0");
        assertThat(rest)
                .extracting(Access::endpoint)
                .containsExactly("GET /api/audit/events#3", "GET /api/audit/events#4");
        assertThat(newest).extracting(Access::endpoint).first().isEqualTo("GET /api/audit/events#4");
        assertThat(newest).hasSize(5).allSatisfy(a -> {
            assertThat(a.sealedClientIp()).isEqualTo("pd1:sealed-ip");
            assertThat(a.role()).isEqualTo("Auditor");
        });
        assertThat(db.read(mine, () -> log.page(theirs.value(), null, false, 10)))
                .as("another organisation's reads under one's own binding")
                .isEmpty();
    }

    @Test
    void shouldRefuseToChangeOrRemoveARecordedRead() {
        TenantId tenant = TenantId.random();
        append(tenant, read("GET /api/audit/events"));

        Throwable update = catchThrowable(() -> db.handle(
                tenant,
                () -> db.dsl()
                        .update(AUDIT_ACCESS)
                        .set(AUDIT_ACCESS.ENDPOINT, "nothing to see")
                        .execute()));
        Throwable delete = catchThrowable(
                () -> db.handle(tenant, () -> db.dsl().deleteFrom(AUDIT_ACCESS).execute()));
        Throwable truncate = catchThrowable(
                () -> db.reset(() -> db.dsl().truncate(AUDIT_ACCESS).execute()));

        assertThat(update).rootCause().hasMessageContaining("append-only");
        assertThat(delete).rootCause().hasMessageContaining("append-only");
        assertThat(truncate).rootCause().hasMessageContaining("append-only");
        assertThat(db.rowsOf(tenant, AUDIT_ACCESS)).isEqualTo(1);
    }
}
