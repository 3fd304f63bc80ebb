package io.stockade.query.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.NoteSigner;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How fast a verification runs against a baseline that reads the same rows with the same statements and hashes
 * nothing (issue 14's target: 200,000 events/s). Events of realistic size (about 250 bytes of payload and 450 of
 * metadata) are bulk-loaded in SQL and sealed by the real sealer. {@code -Dstockade.bench.events=1000000} for the
 * benchmark; the build runs it small, where it still checks that the log verifies. Prints its numbers.
 */
class LedgerVerifyBenchmarkIT {
    private final LedgerDatabase db = new LedgerDatabase();
    private final UUID acme = UUID.randomUUID();

    @TempDir
    Path checkpointDir;

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void shouldVerifyALargeLogAndReportItsSpeedAgainstReadingAlone() throws Exception {
        int n = Integer.getInteger("stockade.bench.events", 5_000);
        try (Connection c = db.owner();
                PreparedStatement st = c.prepareStatement("insert into axon.domain_event_entry (aggregate_identifier,"
                        + " sequence_number, type, event_identifier, meta_data, payload, payload_type,"
                        + " payload_revision, time_stamp) select 'item-' || (g % 1000), g / 1000, 'InventoryItem',"
                        + " gen_random_uuid()::text, convert_to(format('{\"tenantId\":\"%s\",\"userId\":\"%s\","
                        + "\"role\":\"Manager\",\"clientIp\":\"sealed:%s\",\"userAgent\":\"sealed:%s\","
                        + "\"requestId\":\"%s\",\"correlationId\":\"%s\"}', ?, md5(g::text), repeat('c', 60),"
                        + " repeat('a', 160), md5(g::text || 'r'), md5(g::text || 'c')), 'UTF8'),"
                        + " convert_to(format('{\"itemId\":\"%s\",\"quantity\":%s,\"stockAfter\":%s,"
                        + "\"reason\":\"sealed:%s\",\"effectiveAt\":\"2026-12-07T00:00:00Z\"}', md5(g::text), g % 17,"
                        + " g % 91, repeat('r', 140)), 'UTF8'), 'stockade.inventory.StockAdjusted', '1',"
                        + " '2026-12-07T00:00:00.123456Z' from generate_series(1, ?) g")) {
            st.setString(1, acme.toString());
            st.setInt(2, n);
            st.execute();
        }
        NoteSigner signer = NoteSigner.generate("stockade-audit-bench", new SecureRandom());
        Sealer sealer = new Sealer(
                new StoredEventRepository(db.dsl),
                new LedgerRepository(db.dsl),
                db.tx,
                new Checkpoints(signer, checkpointDir),
                new SealSettings(100_000L, Duration.ofSeconds(60), checkpointDir, null, 20_000, null),
                Clock.systemUTC());
        sealer.registerSigningKey();
        long sealStart = System.nanoTime();
        sealer.sealAndCheckpointAll();
        double sealSeconds = (System.nanoTime() - sealStart) / 1e9;
        db.dsl.execute("analyze");

        TenantId tenant = new TenantId(acme);
        // A pool, as the application has: the test database's plain data source opens a connection per transaction.
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.url);
        pool.setUsername(db.db.appUser());
        pool.setPassword(db.db.appPassword());
        pool.setMaximumPoolSize(2);
        DSLContext pooled = DSL.using(new TransactionAwareDataSourceProxy(pool), SQLDialect.POSTGRES);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        LedgerVerifier verifier =
                new LedgerVerifier(new LedgerRepository(pooled), new StoredEventRepository(pooled), tx, List::of);
        assertThat(verifier.size(tenant)).isEqualTo(n);
        double bestRead = Double.MAX_VALUE;
        double bestVerify = Double.MAX_VALUE;
        LedgerVerifier.Report report = null;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            verifier.readOnly(tenant);
            bestRead = Math.min(bestRead, (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            report = verifier.verify(tenant, null, null, LedgerVerifier.Progress.NONE);
            bestVerify = Math.min(bestVerify, (System.nanoTime() - t1) / 1e9);
        }
        assertThat(report.problems()).isEmpty();
        assertThat(report.verified()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(n);
        assertThat(report.checkpointsChecked()).isPositive();
        pool.close();
        System.out.printf(
                "LEDGER VERIFY BENCH: %d events; sealed in %.1f s (%.0f/s); read-only baseline %.2f s (%.0f events/s);"
                        + " verify %.2f s (%.0f events/s); verify/baseline time ratio %.2f%n",
                n,
                sealSeconds,
                n / sealSeconds,
                bestRead,
                n / bestRead,
                bestVerify,
                n / bestVerify,
                bestVerify / bestRead);
    }
}
