package io.stockade.command.identity;

import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.platform.config.StockadeProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The erasures, kept outside PostgreSQL too ({@code STOCKADE_PRIVACY_ERASURE_DIR}, default {@code <data
 * directory>/erasures}; keep it beside the audit checkpoints, on storage the database's backups do not
 * restore): a restored backup taken before an erasure brings the person's key back, and the database alone
 * no longer knows they asked to be forgotten. One small file per person, {@code <organisation>/<person>}, with
 * ids and a time only (no personal value), written atomically once the erasure is recorded and before the
 * key is destroyed. {@link ErasureReapply} reads them at every start.
 */
@Component
class ErasureRecords {
    private final Path dir;

    ErasureRecords(StockadeProperties props, @Value("${stockade.privacy.erasure-dir:}") String dir) {
        this.dir = dir == null || dir.isBlank() ? props.dataDir().resolve("erasures") : Path.of(dir);
    }

    record Erasure(UserId person, TenantId tenant, UserId erasedBy, Instant erasedAt) {}

    Path dir() {
        return dir;
    }

    void record(Erasure e) {
        String text = "person=" + e.person().value() + "\norganisation="
                + e.tenant().value() + "\nerasedBy=" + e.erasedBy().value() + "\nerasedAt=" + e.erasedAt() + "\n";
        try {
            Path folder = Files.createDirectories(dir.resolve(e.tenant().value().toString()));
            Path target = folder.resolve(e.person().value().toString());
            Path tmp = folder.resolve(e.person().value() + ".tmp");
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ch.write(StandardCharsets.UTF_8.encode(text));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot record the erasure in " + dir, ex);
        }
    }

    /** Every recorded erasure; an unreadable file fails the start rather than leave someone un-erased. */
    List<Erasure> all() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Erasure> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".tmp"))
                    .sorted()
                    .toList()) {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                out.add(new Erasure(
                        new UserId(UUID.fromString(p.getProperty("person"))),
                        new TenantId(UUID.fromString(p.getProperty("organisation"))),
                        new UserId(UUID.fromString(p.getProperty("erasedBy"))),
                        Instant.parse(p.getProperty("erasedAt"))));
            }
        } catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("Cannot read the erasure records in " + dir + ": " + ex, ex);
        }
        return out;
    }
}
