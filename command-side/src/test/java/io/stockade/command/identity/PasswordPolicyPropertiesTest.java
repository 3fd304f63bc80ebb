package io.stockade.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.platform.config.SecuritySettings;
import io.stockade.platform.errors.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * The password policy on arbitrary input: it only ever accepts or refuses with field errors (never
 * another exception), everything it accepts meets every rule of the profile, and Base32 and TOTP
 * codes behave for any key.
 */
class PasswordPolicyPropertiesTest {
    private static final Passwords SEED_003 = new Passwords(SecuritySettings.defaults());
    private static final Passwords ASVS_5 =
            new Passwords(new SecuritySettings("asvs-5", null, null, null, null, null, null, null, null, null));

    @Property(tries = 2000)
    void acceptedPasswordsMeetEveryRuleOfSeed003(@ForAll @StringLength(max = 140) String password) {
        try {
            SEED_003.check("password", password, "sam", "sam@example.test");
        } catch (ProblemException refused) {
            assertThat(refused.fieldErrors())
                    .isNotEmpty()
                    .allMatch(e -> e.field().equals("password"));
            return;
        }
        int length = password.codePointCount(0, password.length());
        assertThat(length).isBetween(Passwords.MIN_LENGTH, Passwords.MAX_LENGTH);
        assertThat(password.chars().anyMatch(Character::isUpperCase)).isTrue();
        assertThat(password.chars().anyMatch(Character::isLowerCase)).isTrue();
        assertThat(password.chars().anyMatch(Character::isDigit)).isTrue();
        assertThat(password.chars().allMatch(Character::isLetterOrDigit)).isFalse();
        assertThat(password.toLowerCase()).doesNotContain("sam");
        assertThat(SEED_003.isCommon(password)).isFalse();
    }

    @Property(tries = 500)
    void strongGeneratedPasswordsAreAccepted(@ForAll("strong") String password) {
        SEED_003.check("password", password, "sam", "sam@example.test");
        ASVS_5.check("password", password + "xyz", "sam", "sam@example.test");
    }

    @Property(tries = 1000)
    void asvs5AcceptsAnyLongUncommonPassphraseWithoutCompositionRules(@ForAll("passphrases") String phrase) {
        ASVS_5.check("password", phrase, "sam", "sam@example.test");
    }

    @Property(tries = 300)
    void commonPasswordsDressedUpAreStillRefused(@ForAll("common") String word, @ForAll("suffixes") String suffix) {
        String dressed = Character.toUpperCase(word.charAt(0)) + word.substring(1) + suffix;
        assertThat(SEED_003.isCommon(dressed)).as(dressed).isTrue();
    }

    @Property(tries = 1000)
    void base32RoundTrips(@ForAll byte[] data) {
        assertThat(Totp.decode(Totp.base32(data))).isEqualTo(data);
    }

    @Property(tries = 500)
    void totpCodesAreAlwaysSixDigits(@ForAll("keys") byte[] key, @ForAll long step) {
        assertThat(Totp.code(Totp.base32(key), Math.abs(step % 100_000_000_000L)))
                .matches("\\d{6}");
    }

    @Provide
    Arbitrary<String> strong() {
        Arbitrary<String> lower = Arbitraries.strings().withCharRange('a', 'z').ofLength(6);
        Arbitrary<String> upper = Arbitraries.strings().withCharRange('A', 'Z').ofLength(3);
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofLength(3);
        Arbitrary<String> symbols =
                Arbitraries.strings().withChars("!#%&*+-=?@^_~").ofLength(2);
        return Combinators.combine(upper, lower, digits, symbols)
                .as((u, l, d, s) -> u + "q" + l + d + s)
                .filter(p -> !p.toLowerCase().contains("sam") && !SEED_003.isCommon(p));
    }

    @Provide
    Arbitrary<String> passphrases() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofLength(5)
                .list()
                .ofSize(4)
                .map(words -> String.join(" ", words))
                .filter(p -> !p.contains("sam") && !ASVS_5.isCommon(p));
    }

    @Provide
    Arbitrary<String> common() {
        return Arbitraries.of(
                "password",
                "monkey",
                "dragon",
                "football",
                "baseball",
                "letmein",
                "shadow",
                "master",
                "sunshine",
                "princess",
                "trustno");
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.strings().withChars("0123456789!@#$%").ofMinLength(1).ofMaxLength(6);
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(10).ofMaxSize(64);
    }
}
