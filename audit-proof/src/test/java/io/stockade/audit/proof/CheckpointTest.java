package io.stockade.audit.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static final NoteSigner SIGNER = NoteSigner.fromSeed("stockade/org-1", new byte[32]);
    private static final NoteVerifierKey KEY = SIGNER.verifierKey();
    private static final Hash ROOT = MerkleHasher.leafHash(new byte[] {7});

    @Test
    void shouldSignAndOpenACheckpointOfAnOrganisationsLog() throws ProofException {
        Checkpoint checkpoint =
                new Checkpoint(Checkpoint.originOf("org-1"), 20852163, ROOT, List.of("time 2026-12-06T10:15:30Z"));
        String note = checkpoint.sign(SIGNER);

        assertThat(note)
                .startsWith("stockade/org-1\n20852163\n" + ROOT.toBase64() + "\ntime 2026-12-06T10:15:30Z\n\n— "
                        + "stockade/org-1 ");
        assertThat(Checkpoint.open(note, List.of(KEY))).isEqualTo(checkpoint);
    }

    @Test
    void shouldRefuseACheckpointWhoseBodyChangedAfterSigning() {
        String note = new Checkpoint("stockade/org-1", 10, ROOT, List.of()).sign(SIGNER);
        String biggerTree = note.replaceFirst("\n10\n", "\n11\n");
        assertThatThrownBy(() -> Checkpoint.open(biggerTree, List.of(KEY)))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void shouldRefuseACheckpointSignedOnlyByAnUnknownKey() {
        NoteSigner other = NoteSigner.generate("stockade/org-1", new SecureRandom());
        String note = new Checkpoint("stockade/org-1", 10, ROOT, List.of()).sign(other);
        assertThatThrownBy(() -> Checkpoint.open(note, List.of(KEY)))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("not signed by any known key");
        // Same key under another name is another key: its id differs, so it is unknown too.
        NoteSigner renamed = NoteSigner.fromSeed("stockade/org-2", new byte[32]);
        assertThat(renamed.verifierKey().keyId()).isNotEqualTo(KEY.keyId());
        assertThatThrownBy(() -> Checkpoint.open(
                        new Checkpoint("stockade/org-1", 10, ROOT, List.of()).sign(renamed), List.of(KEY)))
                .isInstanceOf(ProofException.class);
    }

    @Test
    void shouldRefuseOverLongNotesBeforeReadingThem() {
        String text = "stockade/org-1\n1\n" + ROOT.toBase64() + "\n" + ("x".repeat(1000) + "\n").repeat(140);
        String note = SignedNote.sign(text, SIGNER);
        assertThat(note.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(SignedNote.MAX_NOTE_BYTES);
        assertThatThrownBy(() -> Checkpoint.open(note, List.of(KEY)))
                .isInstanceOf(ProofException.class)
                .hasMessageContaining("more than " + SignedNote.MAX_NOTE_BYTES);
    }

    @Test
    void shouldRefuseMalformedBodies() {
        String root = ROOT.toBase64();
        List<String> malformed = List.of(
                "stockade/org-1\n10\n" + root, // no final newline
                "stockade/org-1\n10\n", // no root
                "\n10\n" + root + "\n", // empty origin
                "stockade/org-1\n010\n" + root + "\n", // leading zero
                "stockade/org-1\n-1\n" + root + "\n",
                "stockade/org-1\n+1\n" + root + "\n",
                "stockade/org-1\n99999999999999999999\n" + root + "\n",
                "stockade/org-1\n10\n" + root.substring(0, 43) + "\n", // not padded
                "stockade/org-1\n10\n" + Hash.class.getSimpleName() + "\n",
                "stockade/org-1\n10\nAAAA\n", // 3 bytes
                "stockade/org-1\n10\n" + root + "\n\nextension after an empty line\n");
        for (String body : malformed) {
            assertThatThrownBy(() -> Checkpoint.parse(body)).as(body).isInstanceOf(ProofException.class);
        }
    }

    @Test
    void shouldRefuseMalformedSignatureBlocks() {
        String note = new Checkpoint("stockade/org-1", 10, ROOT, List.of()).sign(SIGNER);
        int lastSpace = note.lastIndexOf(' ');
        List<String> malformed = List.of(
                note.replace("— ", "- "), // hyphen, not an em dash
                note.substring(0, lastSpace) + " "
                        + note.substring(lastSpace + 1).replace("=", ""), // unpadded
                note.replace("\n\n", "\n"), // no blank line
                note.replace("— stockade/org-1 ", "— stockade/org+1 "), // '+' in a name
                note.replace("stockade/org-1\n10", "stockade/org-1\t\n10"), // control character
                note.substring(0, note.indexOf("— ")) + "— stockade/org-1 AAAA\n"); // too short
        for (String bad : malformed) {
            assertThatThrownBy(() -> Checkpoint.open(bad, List.of(KEY))).as(bad).isInstanceOf(ProofException.class);
        }
    }

    @Test
    void shouldRefuseAnOriginThatWouldNotBeOneOrganisation() {
        assertThatThrownBy(() -> Checkpoint.originOf("org 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.originOf("org/1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.originOf("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedNote.sign("no newline", SIGNER)).isInstanceOf(IllegalArgumentException.class);
    }
}
