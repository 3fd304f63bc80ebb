package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The signed notes, keys and malformed notes of golang.org/x/mod/sumdb/note (package documentation, example_test.go,
 * note_test.go; BSD-3-Clause, Copyright The Go Authors). Ed25519 is deterministic, so signing the documented text with
 * the documented private key must give the documented signature byte for byte.
 */
class GoNoteVectorsTest {
    static final String PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String ENOCH_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG =
            "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG =
            "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    @Test
    void shouldReproduceTheDocumentedSignatureFromTheDocumentedPrivateKey() {
        NoteSigner peter = NoteSigner.parse(PETER_SIGNER);
        assertThat(peter.verifierKey()).hasToString(PETER_KEY);
        assertThat(SignedNote.sign(TEXT, peter)).isEqualTo(TEXT + "\n" + PETER_SIG);
        assertThat(peter.toSecretText()).isEqualTo(PETER_SIGNER);
        assertThat(peter.toString()).doesNotContain("AYEKFALV");
    }

    @Test
    void shouldDeriveEnochRootsKeyFromTheAllZeroSeedAndItsDocumentedSignature() {
        // ExampleSign_add_signatures: note.GenerateKey reading from a reader of zeros, so the seed is 32 zero bytes.
        NoteSigner enoch = NoteSigner.fromSeed("EnochRoot", new byte[32]);
        assertThat(enoch.verifierKey()).hasToString(ENOCH_KEY);
        assertThat(SignedNote.sign(TEXT, enoch)).isEqualTo(TEXT + "\n" + ENOCH_SIG);
    }

    @Test
    void shouldOpenTheDocumentedNotesKeepingUnknownSignaturesAside() throws ProofException {
        NoteVerifierKey peter = NoteVerifierKey.parse(PETER_KEY);
        NoteVerifierKey enoch = NoteVerifierKey.parse(ENOCH_KEY);
        assertThat(peter.keyId()).isEqualTo(0xc74f20a3);
        assertThat(enoch.keyId()).isEqualTo(0xaf0cfe78);

        SignedNote one = SignedNote.open(bytes(TEXT + "\n" + PETER_SIG + ENOCH_SIG), List.of(peter));
        assertThat(one.text()).isEqualTo(TEXT);
        assertThat(one.verified()).extracting(NoteSignature::name).containsExactly("PeterNeumann");
        assertThat(one.unverified()).extracting(NoteSignature::keyId).containsExactly(0xaf0cfe78);

        SignedNote both = SignedNote.open(bytes(TEXT + "\n" + PETER_SIG + ENOCH_SIG), List.of(peter, enoch));
        assertThat(both.verified()).extracting(NoteSignature::name).containsExactly("PeterNeumann", "EnochRoot");
        assertThat(both.unverified()).isEmpty();

        SignedNote repeated = SignedNote.open(bytes(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG), List.of(peter));
        assertThat(repeated.verified()).hasSize(1);
    }

    @Test
    void shouldRefuseWhatTheGoTestsRefuse() {
        NoteVerifierKey peter = NoteVerifierKey.parse(PETER_KEY);
        List<String> refused = List.of(
                // no verifiable signature
                TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "CarmenSandiego"),
                // too many signatures
                TEXT + "\n" + PETER_SIG.repeat(101),
                // a known key whose signature fails
                TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60),
                // malformed
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIG,
                TEXT + "\n"
                        + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIG + "Unexpected line.\n");
        for (String note : refused) {
            assertThatThrownBy(() -> SignedNote.open(bytes(note), List.of(peter)))
                    .as(note)
                    .isInstanceOf(ProofException.class);
        }
        byte[] notUtf8 = bytes("x" + TEXT + "\n" + PETER_SIG);
        notUtf8[0] = (byte) 0xff;
        assertThatThrownBy(() -> SignedNote.open(notUtf8, List.of(peter))).isInstanceOf(ProofException.class);
    }

    @Test
    void shouldRefuseEveryManglingOfTheVerifierKey() {
        // note_test.go TestNewVerifier: every proper substring and every one-byte change.
        byte[] key = PETER_KEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= key.length; i++) {
            for (int j = i + 1; j <= key.length; j++) {
                if (i != 0 || j != key.length) {
                    assertRefused(PETER_KEY.substring(i, j));
                }
            }
        }
        for (int i = 0; i < key.length; i++) {
            byte[] changed = key.clone();
            changed[i]++;
            assertRefused(new String(changed, StandardCharsets.ISO_8859_1));
        }
        assertRefused("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==");
        assertRefused("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    }

    private static void assertRefused(String key) {
        assertThatThrownBy(() -> NoteVerifierKey.parse(key)).as(key).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
