package io.stockade.webapp.ops;

import io.stockade.testsupport.TestServices;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@code ops/drill/drill.sh} as an operator runs it, as the superuser the tests connect as. */
final class Drill {
    private static final Path SCRIPT =
            Path.of("..", "ops", "drill", "drill.sh").toAbsolutePath().normalize();

    private Drill() {}

    record Result(int exit, String output) {}

    /**
     * Drops the databases a test restored into. Their objects belong to the original's owner role, so they go before
     * the test's roles do.
     */
    static void dropRestored(List<String> databases) throws SQLException {
        try (Connection c = TestServices.postgres().connect("postgres");
                Statement st = c.createStatement()) {
            for (String name : databases) {
                st.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            }
        }
    }

    /** Runs one step; any step but {@code compare} (whose exit says whether the tables differ) must succeed. */
    static Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        URI server = URI.create(TestServices.postgres().baseUrl().substring("jdbc:".length()));
        pb.environment().put("PGHOST", server.getHost());
        pb.environment().put("PGPORT", Integer.toString(server.getPort() < 0 ? 5432 : server.getPort()));
        pb.environment().put("PGUSER", TestServices.postgres().user());
        if (TestServices.postgres().password() != null) {
            pb.environment().put("PGPASSWORD", TestServices.postgres().password());
        }
        pb.environment().put("PGDATABASE", "postgres");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0 && !"compare".equals(args[0])) {
            throw new AssertionError("drill " + String.join(" ", args) + " failed (" + exit + "):\n" + output);
        }
        return new Result(exit, output);
    }
}
