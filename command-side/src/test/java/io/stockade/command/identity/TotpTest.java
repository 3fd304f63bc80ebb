package io.stockade.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B (SHA-1 vectors, last six digits) and RFC 4648 Base32. */
class TotpTest {
    private static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void shouldMatchTheRfc6238TestVectors() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(59))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1111111109))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1111111111))).isEqualTo("050471");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1234567890))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(2000000000))).isEqualTo("279037");
        assertThat(Totp.code(RFC_SECRET, Totp.step(20000000000L))).isEqualTo("353130");
    }

    @Test
    void shouldEncodeBase32AsRfc4648() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.decode("MZXW6YTBOI"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
        assertThat(Totp.newSecret()).hasSize(32).matches("[A-Z2-7]+");
    }

    @Test
    void shouldAcceptOneStepOfDriftEitherWayAndNothingElse() {
        long now = Totp.step(1_700_000_000L);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now - 1), now))
                .isEqualTo(now - 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now + 1), now))
                .isEqualTo(now + 1);
        assertThat(Totp.matchingStep(RFC_SECRET, Totp.code(RFC_SECRET, now - 2), now))
                .isEqualTo(-1);
        assertThat(Totp.matchingStep(RFC_SECRET, "12345", now)).isEqualTo(-1);
        assertThat(Totp.matchingStep(RFC_SECRET, null, now)).isEqualTo(-1);
        assertThat(Totp.matchingStep(RFC_SECRET, "abcdef", now)).isEqualTo(-1);
    }
}
