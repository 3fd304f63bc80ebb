package io.stockade.testsupport.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Throw-away data directories for a packaged jar (JarProcess). */
public final class DataDirs {
    private DataDirs() {}

    /**
     * A new directory the embedded PostgreSQL can enter: as root it runs as another user, and a
     * temporary directory is created mode 700.
     */
    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
