package io.stockade.query.audit.seal;

import io.stockade.api.common.TenantId;
import io.stockade.audit.proof.Checkpoint;
import io.stockade.audit.proof.Hash;
import io.stockade.audit.proof.NoteSigner;
import io.stockade.audit.proof.NoteVerifierKey;
import io.stockade.platform.config.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Signs checkpoints with the audit key (Ed25519, never the JWT key) and keeps each one twice: in the ledger, and as a
 * file outside PostgreSQL, since whoever can write the database could rewrite the table.
 */
public final class Checkpoints {
    /** The note key name of generated keys. */
    static final String DEFAULT_KEY_NAME = "stockade-audit";

    private final NoteSigner signer;
    private final Path directory;

    Checkpoints(NoteSigner signer, Path directory) {
        this.signer = signer;
        this.directory = directory;
    }

    /**
     * The configured key ({@code STOCKADE_AUDIT_SIGNING_KEY}, a note signer key {@code PRIVATE+KEY+name+id+key}), or
     * one generated into {@code <data directory>/secrets/audit-signing-key} on first start (the embedded default; the
     * production guard refuses a generated key).
     */
    static NoteSigner loadSigner(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            try {
                return NoteSigner.parse(configured.strip());
            } catch (IllegalArgumentException e) {
                // The message of a parse failure could quote the key: name the setting and the form only.
                throw new IllegalStateException("STOCKADE_AUDIT_SIGNING_KEY is not a note signer key of the form "
                        + "PRIVATE+KEY+<name>+<key id>+<base64 key> (generate one with: java -jar stockade.jar audit "
                        + "new-key <name>)");
            }
        }
        Path file = dataDir.resolve("secrets").resolve("audit-signing-key");
        return NoteSigner.parse(SecretFiles.readOrCreate(
                file,
                () -> NoteSigner.generate(DEFAULT_KEY_NAME, new SecureRandom()).toSecretText()));
    }

    public NoteVerifierKey verifierKey() {
        return signer.verifierKey();
    }

    /** Signs the log's state, stores the note in the ledger and writes it to the checkpoint directory. */
    void sign(TenantId tenant, String origin, long size, Hash root, Instant at, LedgerRepository ledger) {
        Instant time = at.truncatedTo(ChronoUnit.SECONDS);
        String note = new Checkpoint(origin, size, root, List.of("time " + time)).sign(signer);
        ledger.saveCheckpoint(tenant, new LedgerRepository.CheckpointRow(size, root, time, note), signer.name());
        writeFile(tenant, size, note);
    }

    /** {@code <dir>/<organisation id>/<tree size, zero-padded>.note}, written atomically. */
    private void writeFile(TenantId tenant, long size, String note) {
        try {
            Path dir = directory.resolve(tenant.toString());
            Files.createDirectories(dir);
            Path target = dir.resolve(String.format("%020d.note", size));
            Path tmp = Files.createTempFile(dir, ".checkpoint", ".tmp");
            Files.writeString(tmp, note, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint to " + directory, e);
        }
    }
}
