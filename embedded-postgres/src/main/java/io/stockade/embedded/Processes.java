package io.stockade.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs PostgreSQL's commands (as {@link RunAs} says, with a clean environment, output to a file so the
 * postmaster never holds one of our pipes) and recognises a postmaster through {@code /proc}.
 */
final class Processes {
    private static final Logger log = LoggerFactory.getLogger(Processes.class);

    private Processes() {}

    record Result(int exitCode, String output) {}

    static Result run(RunAs runAs, Path workDir, Duration timeout, String... command) throws IOException {
        List<String> cmd = runAs.wrap(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.remove("LANG");
        env.remove("LANGUAGE");
        env.keySet().removeIf(k -> k.startsWith("LC_"));
        env.put("LC_ALL", "C");
        env.put("TZ", "UTC");
        // output goes to a file, not a pipe: the postmaster must never hold one of our pipes
        Path out = Files.createTempFile("stockade-pg-", ".out");
        try {
            pb.redirectOutput(out.toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command[0], e);
            }
            if (!done) {
                p.destroyForcibly();
                return new Result(
                        -1,
                        "timed out after " + timeout.getSeconds() + " s: " + String.join(" ", command) + "\n"
                                + new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static long readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** True if pid is a live (non-zombie) postgres process whose data directory is dataDir. */
    static boolean isPostmasterOf(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (isZombieOrGone(pid)) {
                return false;
            }
            byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
            List<String> argv = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (argv.isEmpty()) {
                return false;
            }
            String exe = argv.get(0);
            boolean isPostgres = exe.equals("postgres") || exe.endsWith("/postgres") || exe.startsWith("postgres:");
            if (!isPostgres) {
                return false;
            }
            String dd = dataDir.toString();
            for (int i = 0; i < argv.size(); i++) {
                String a = argv.get(i);
                if ((a.equals("-D") && i + 1 < argv.size() && samePath(argv.get(i + 1), dataDir))
                        || a.equals("-D" + dd)
                        || a.equals("--data-directory=" + dd)) {
                    return true;
                }
            }
            // postmaster chdir()s into its data directory
            try {
                return samePath(Files.readSymbolicLink(proc.resolve("cwd")).toString(), dataDir);
            } catch (IOException | SecurityException e) {
                return false;
            }
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.debug("cannot inspect /proc/{}: {}", pid, e.toString());
            return false;
        }
    }

    private static boolean samePath(String a, Path b) {
        try {
            return Path.of(a).toAbsolutePath().normalize().equals(b)
                    || Path.of(a).toRealPath().equals(b.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isZombieOrGone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    static boolean waitForExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isZombieOrGone(pid)) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return isZombieOrGone(pid);
    }
}
