package io.stockade.query.audit.seal;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sealer's settings ({@code stockade.audit.*}; environment {@code STOCKADE_AUDIT_*}).
 *
 * @param checkpointEvents sign a checkpoint once a log has grown by this many events ({@code
 *     STOCKADE_AUDIT_CHECKPOINT_EVENTS}, default 10,000)
 * @param checkpointInterval or once this long has passed since its last one, if it grew at all ({@code
 *     STOCKADE_AUDIT_CHECKPOINT_INTERVAL}, default 60 s)
 * @param checkpointDir where signed checkpoints are also written, outside PostgreSQL ({@code
 *     STOCKADE_AUDIT_CHECKPOINT_DIR}, default {@code <data directory>/audit-checkpoints})
 * @param signingKey the checkpoint-signing key, a C2SP note signer key ({@code STOCKADE_AUDIT_SIGNING_KEY}; generated
 *     into the data directory in the embedded default, required in production)
 * @param batchSize events sealed per round at most
 * @param sealEvery how often a round runs
 */
@ConfigurationProperties("stockade.audit")
public record SealSettings(
        Long checkpointEvents,
        Duration checkpointInterval,
        Path checkpointDir,
        String signingKey,
        Integer batchSize,
        Duration sealEvery) {
    public SealSettings {
        checkpointEvents = checkpointEvents == null ? 10_000L : checkpointEvents;
        checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(60) : checkpointInterval;
        batchSize = batchSize == null ? 5_000 : batchSize;
        sealEvery = sealEvery == null ? Duration.ofSeconds(1) : sealEvery;
        if (checkpointEvents < 1) {
            throw new IllegalArgumentException("STOCKADE_AUDIT_CHECKPOINT_EVENTS must be at least 1");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("STOCKADE_AUDIT_CHECKPOINT_INTERVAL must be positive");
        }
    }

    /** Never prints the signing key. */
    @Override
    public String toString() {
        return "SealSettings[checkpointEvents=" + checkpointEvents + ", checkpointInterval=" + checkpointInterval
                + ", checkpointDir=" + checkpointDir + ", signingKey=" + (signingKey == null ? "none" : "[set]")
                + ", batchSize=" + batchSize + ", sealEvery=" + sealEvery + "]";
    }
}
