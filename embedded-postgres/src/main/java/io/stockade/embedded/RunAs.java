package io.stockade.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who PostgreSQL runs as: the JVM user, or (JVM is root) an unprivileged system user via setpriv. */
final class RunAs {
    private static final Logger log = LoggerFactory.getLogger(RunAs.class);

    final boolean switchUser;
    final int uid;
    final int gid;
    final String userName;

    private RunAs(boolean switchUser, int uid, int gid, String userName) {
        this.switchUser = switchUser;
        this.uid = uid;
        this.gid = gid;
        this.userName = userName;
    }

    static RunAs detect() throws IOException {
        int euid = effectiveUid();
        if (euid != 0) {
            return new RunAs(false, euid, -1, System.getProperty("user.name"));
        }
        Optional<int[]> ids = lookupUser(EmbeddedPostgres.PG_SYSTEM_USER);
        if (ids.isEmpty()) {
            Processes.Result r = runPlain(
                    Duration.ofSeconds(30),
                    "useradd",
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    "--user-group",
                    EmbeddedPostgres.PG_SYSTEM_USER);
            ids = lookupUser(EmbeddedPostgres.PG_SYSTEM_USER);
            if (ids.isPresent()) {
                log.info(
                        "Embedded PostgreSQL: created system user {} (uid {})",
                        EmbeddedPostgres.PG_SYSTEM_USER,
                        ids.get()[0]);
            } else {
                log.warn(
                        "Embedded PostgreSQL: could not create system user {} (useradd exit {}: {}); falling back "
                                + "to 'nobody'",
                        EmbeddedPostgres.PG_SYSTEM_USER,
                        r.exitCode(),
                        r.output().trim());
            }
        }
        if (ids.isPresent()) {
            return new RunAs(true, ids.get()[0], ids.get()[1], EmbeddedPostgres.PG_SYSTEM_USER);
        }
        ids = lookupUser("nobody");
        if (ids.isEmpty()) {
            throw new EmbeddedPostgres.EmbeddedPostgresException(
                    "Running as root, but neither user " + EmbeddedPostgres.PG_SYSTEM_USER
                            + " nor 'nobody' exists (and useradd failed); PostgreSQL refuses to run as root.");
        }
        return new RunAs(true, ids.get()[0], ids.get()[1], "nobody");
    }

    static int effectiveUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).trim().split("\\s+");
                return Integer.parseInt(f[1]); // real, effective, saved, fs
            }
        }
        throw new IOException("no Uid line in /proc/self/status");
    }

    private static Optional<int[]> lookupUser(String name) throws IOException {
        Processes.Result u = runPlain(Duration.ofSeconds(10), "id", "-u", name);
        Processes.Result g = runPlain(Duration.ofSeconds(10), "id", "-g", name);
        if (u.exitCode() != 0 || g.exitCode() != 0) {
            return Optional.empty();
        }
        return Optional.of(new int[] {
            Integer.parseInt(u.output().trim()), Integer.parseInt(g.output().trim())
        });
    }

    private static Processes.Result runPlain(Duration timeout, String... cmd) throws IOException {
        return Processes.run(new RunAs(false, 0, 0, "root"), Path.of("/"), timeout, cmd);
    }

    List<String> wrap(List<String> command) {
        if (!switchUser) {
            return command;
        }
        List<String> c =
                new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        c.addAll(command);
        return c;
    }

    void chown(Path p, boolean recursive) throws IOException {
        if (!switchUser) {
            return;
        }
        if (!recursive) {
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        Processes.Result r = runPlain(Duration.ofMinutes(10), "chown", "-R", "-h", uid + ":" + gid, p.toString());
        if (r.exitCode() != 0) {
            throw new IOException("chown -R " + p + " failed: " + r.output());
        }
    }

    @Override
    public String toString() {
        return switchUser ? userName + " (uid " + uid + ", via setpriv)" : "uid " + uid + " (JVM user)";
    }
}
