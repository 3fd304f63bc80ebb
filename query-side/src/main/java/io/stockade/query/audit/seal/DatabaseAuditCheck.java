package io.stockade.query.audit.seal;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.NoteVerifierKey;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar stockade.jar audit verify --url JDBC-URL}: the verifier run straight against a database, with no
 * Spring context, data directory or running server, over every organisation's log. Checkpoints are checked against
 * the keys given on the command line, and also against the keys the database lists unless only the given ones are
 * to be trusted (whoever can write the database can add a key to that list).
 */
public final class DatabaseAuditCheck {
    private DatabaseAuditCheck() {}

    /**
     * Verifies every log and prints one line per organisation, then each problem. Answers the exit status: 0 when
     * every log verifies, 1 when a problem was found.
     */
    public static int run(
            String url,
            String user,
            String password,
            Collection<NoteVerifierKey> keys,
            boolean trustOnlyGivenKeys,
            PrintStream out) {
        SingleConnectionDataSource connection = new SingleConnectionDataSource(url, user, password, true);
        try {
            return run(connection, keys, trustOnlyGivenKeys, out);
        } finally {
            connection.destroy();
        }
    }

    static int run(
            DataSource dataSource, Collection<NoteVerifierKey> keys, boolean trustOnlyGivenKeys, PrintStream out) {
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        tx.setReadOnly(true);
        LedgerRepository ledger = LedgerRepository.over(dataSource);
        LedgerVerifier verifier = new LedgerVerifier(ledger, StoredEventRepository.over(dataSource), tx, () -> keys);
        verifier.trustStoredKeys(!trustOnlyGivenKeys);
        List<TenantId> tenants = tx.execute(s -> new ArrayList<>(ledger.tenantsWithLogs()));
        boolean all = true;
        for (TenantId tenant : tenants) {
            LedgerVerifier.Report r = verifier.verify(tenant, null, null, LedgerVerifier.Progress.NONE);
            out.printf(
                    "%-6s %s: %d events, %d checkpoints, tree size %d, root %s%n",
                    r.verified() ? "OK" : "FAILED",
                    EventTenants.origin(tenant),
                    r.eventsChecked(),
                    r.checkpointsChecked(),
                    r.treeSize(),
                    r.rootHash() == null ? "-" : r.rootHash().toHex());
            for (LedgerVerifier.Problem p : r.problems()) {
                out.printf(
                        "  %s at position %s%s: %s%n",
                        p.kind(),
                        p.position() == null ? "?" : p.position(),
                        p.aggregateId() == null ? "" : " (" + p.aggregateId() + " #" + p.sequence() + ")",
                        p.detail());
            }
            all &= r.verified();
        }
        if (tenants.isEmpty()) {
            out.println("No sealed log in this database.");
        }
        return all ? 0 : 1;
    }
}
