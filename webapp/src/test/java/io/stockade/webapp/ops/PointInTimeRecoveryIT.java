package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Point-in-time recovery from archived WAL (issue 16), run as an operator runs it: {@code ops/drill/pitr.sh} sets up
 * continuous archiving on a scratch cluster, takes a base backup, writes, loses the server, then recovers exactly to a
 * target time and to the end of the archive, and measures the RPO. About 30 s.
 */
class PointInTimeRecoveryIT {
    private static final Path PITR =
            Path.of("..", "ops", "drill", "pitr.sh").toAbsolutePath().normalize();
    private static final Pattern RPO = Pattern.compile("RPO measured: (-?[0-9.]+) s");

    @Test
    void shouldRecoverExactlyToATargetTimeAndMeasureTheRpoWhenTheServerIsLost() throws Exception {
        Process p = new ProcessBuilder("bash", PITR.toString(), "--seconds", "12", "--archive-timeout", "5")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("point-in-time recovery exact").contains(", 0 after the target");
        Matcher rpo = RPO.matcher(output);
        assertThat(rpo.find()).as(output).isTrue();
        assertThat(Double.parseDouble(rpo.group(1))).as("writes lost").isGreaterThanOrEqualTo(0);
    }
}
