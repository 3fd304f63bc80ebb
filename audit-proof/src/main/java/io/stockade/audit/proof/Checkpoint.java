package io.stockade.audit.proof;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the body of a signed note that states a log's size and root.
 *
 * <pre>
 * stockade/&lt;organisation id&gt;      origin: which log
 * 20852163                          tree size, decimal, no leading zeros
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=   root hash, base64 of 32 bytes
 * time 2026-12-06T10:15:30Z         optional extension lines, each non-empty
 * </pre>
 *
 * @param origin the log's identity, {@code stockade/<organisation id>} for Stockade's logs
 * @param treeSize the number of leaves
 * @param rootHash the RFC 9162 root at that size
 * @param extensions extension lines (opaque to C2SP; Stockade writes the signing time as {@code time <ISO-8601>})
 */
public record Checkpoint(String origin, long treeSize, Hash rootHash, List<String> extensions) {
    /** The prefix of every Stockade origin. */
    public static final String ORIGIN_PREFIX = "stockade/";

    public Checkpoint {
        if (origin == null || origin.isEmpty() || origin.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an origin is one non-empty line");
        }
        if (treeSize < 0) {
            throw new IllegalArgumentException("negative tree size");
        }
        Objects.requireNonNull(rootHash, "rootHash");
        extensions = List.copyOf(extensions);
        for (String line : extensions) {
            if (line.isEmpty() || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("an extension is one non-empty line");
            }
        }
    }

    /** The origin of an organisation's log: {@code stockade/<organisation id>}. */
    public static String originOf(String organisationId) {
        if (!SignedNote.isValidKeyName(organisationId) || organisationId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("an organisation id in an origin has no spaces, '+' or '/'");
        }
        return ORIGIN_PREFIX + organisationId;
    }

    /** The note text: the lines above, each ending in a newline. */
    public String toText() {
        StringBuilder text = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(treeSize)
                .append('\n')
                .append(rootHash.toBase64())
                .append('\n');
        for (String line : extensions) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** The signed note of this checkpoint. */
    public String sign(NoteSigner signer) {
        return SignedNote.sign(toText(), signer);
    }

    /**
     * Parses a checkpoint body, refusing: fewer than three lines, a missing final newline, an empty origin, a size
     * with a sign, leading zeros or more than a long holds, a root that is not canonical base64 of 32 bytes, an empty
     * extension line.
     */
    public static Checkpoint parse(String text) throws ProofException {
        if (text == null || !text.endsWith("\n")) {
            throw new ProofException("a checkpoint ends in a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new ProofException("a checkpoint has an origin, a tree size and a root hash");
        }
        if (lines[0].isEmpty()) {
            throw new ProofException("a checkpoint's origin is empty");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new ProofException("a checkpoint's tree size is a decimal number without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new ProofException("a checkpoint's tree size is too large", e);
        }
        Hash root;
        try {
            root = Hash.fromBase64(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new ProofException("a checkpoint's root hash is not base64 of 32 bytes", e);
        }
        List<String> extensions = List.of(lines).subList(3, lines.length);
        if (extensions.stream().anyMatch(String::isEmpty)) {
            throw new ProofException("a checkpoint's extension line is empty");
        }
        return new Checkpoint(lines[0], size, root, extensions);
    }

    /**
     * Verifies a signed checkpoint against the trusted keys and parses it. The caller still checks that the origin is
     * the log it asked about.
     */
    public static Checkpoint open(byte[] note, Collection<NoteVerifierKey> knownKeys) throws ProofException {
        return parse(SignedNote.open(note, knownKeys).text());
    }

    /** {@link #open(byte[], Collection)} of a note held as text. */
    public static Checkpoint open(String note, Collection<NoteVerifierKey> knownKeys) throws ProofException {
        return open(note.getBytes(StandardCharsets.UTF_8), knownKeys);
    }
}
