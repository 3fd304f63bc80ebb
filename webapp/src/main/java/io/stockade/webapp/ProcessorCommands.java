package io.stockade.webapp;

import io.stockade.platform.axon.TokenStoreReport;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The operator's view of the event processors, run without a Spring context: {@code java -jar stockade.jar
 * processors list --url JDBC-URL [--user USER]} (password from {@code PGPASSWORD}) reads the shared token store
 * and prints every processor of every node: position, lag behind the event store's head, segments and their
 * owners, replay progress and dead letters. It works while the services run, and when none does.
 */
public final class ProcessorCommands {
    private ProcessorCommands() {}

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2 || !"list".equals(args[1])) {
            return usage(err);
        }
        String url = null;
        String user = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = i + 1 < args.length ? args[++i] : null;
                case "--user" -> user = i + 1 < args.length ? args[++i] : null;
                default -> {
                    return usage(err);
                }
            }
        }
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            return usage(err);
        }
        SingleConnectionDataSource ds = new SingleConnectionDataSource(url, user, env.get("PGPASSWORD"), true);
        try (Connection c = ds.getConnection()) {
            c.setReadOnly(true);
            long head = TokenStoreReport.head(c);
            Map<String, TokenStoreReport.Processor> processors =
                    TokenStoreReport.read(c, TokenStoreReport.tokenSerializer());
            out.printf("event store head: %d%n", head);
            out.printf(
                    "%-28s %10s %8s %8s %7s %6s  %s%n",
                    "PROCESSOR", "POSITION", "LAG", "REPLAY", "DEAD", "SEGS", "OWNERS");
            for (TokenStoreReport.Processor p : processors.values()) {
                Long position = p.position();
                out.printf(
                        "%-28s %10s %8s %8s %7d %6d  %s%n",
                        p.name(),
                        position == null ? "-" : position,
                        position == null ? "-" : Math.max(0, head - position),
                        p.replayPercent() == null ? "-" : p.replayPercent() + "%",
                        p.deadLetters(),
                        p.segments().size(),
                        p.owners().isEmpty() ? "(unclaimed)" : String.join(", ", p.owners()));
                if (p.segments().size() > 1) {
                    out.println(p.segments().stream()
                            .map(s -> "    segment " + s.segment() + ": " + (s.position() == null ? "-" : s.position())
                                    + " " + (s.owner() == null ? "(unclaimed)" : s.owner()))
                            .collect(Collectors.joining(System.lineSeparator())));
                }
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("Could not read the token store: " + e.getMessage());
            return 1;
        } finally {
            ds.destroy();
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: java -jar stockade.jar processors list --url JDBC-URL [--user USER]"
                + "   (password from PGPASSWORD)");
        return 2;
    }
}
