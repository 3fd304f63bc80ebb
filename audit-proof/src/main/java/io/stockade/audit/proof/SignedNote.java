package io.stockade.audit.proof;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * C2SP signed notes (c2sp.org/signed-note, as golang.org/x/mod/sumdb/note writes them): a text ending in a newline, a
 * blank line, then one line per signature, {@code — <key name> <base64(4-byte key id || Ed25519 signature)>}, over
 * the text including its final newline.
 *
 * <p>{@link #open} is strict: a note must be valid UTF-8 without control characters other than newline, at most
 * {@value #MAX_NOTE_BYTES} bytes and {@value #MAX_SIGNATURES} signatures, and every signature line well formed.
 * Signatures by unknown keys are kept aside, not trusted; a signature by a known key that fails refuses the whole
 * note; a note without a valid signature by a known key is refused.
 *
 * @param text the note text, ending in a newline
 * @param verified the signatures by known keys, all verified
 * @param unverified the signatures by keys not given to {@link #open}
 */
public record SignedNote(String text, List<NoteSignature> verified, List<NoteSignature> unverified) {
    /** Notes above this size are refused before any parsing (16 post-quantum signatures would still fit). */
    public static final int MAX_NOTE_BYTES = 128 * 1024;

    /** More signature lines than this and the note is refused (C2SP asks verifiers to accept at least 16). */
    public static final int MAX_SIGNATURES = 100;

    static final String SIGNATURE_PREFIX = "\u2014 ";

    public SignedNote {
        verified = List.copyOf(verified);
        unverified = List.copyOf(unverified);
    }

    /**
     * Signs {@code text} with each signer and answers the whole note.
     *
     * @throws IllegalArgumentException if the text does not end in a newline or holds control characters
     */
    public static String sign(String text, NoteSigner... signers) {
        Objects.requireNonNull(text, "text");
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text ends in a newline");
        }
        if (!isValidNoteText(text)) {
            throw new IllegalArgumentException("a note holds no control characters other than newline");
        }
        if (signers.length == 0) {
            throw new IllegalArgumentException("a signed note needs a signer");
        }
        StringBuilder note = new StringBuilder(text).append('\n');
        for (NoteSigner signer : signers) {
            NoteVerifierKey key = signer.verifierKey();
            byte[] signature = signer.sign(text);
            byte[] line = ByteBuffer.allocate(4 + signature.length)
                    .putInt(key.keyId())
                    .put(signature)
                    .array();
            note.append(SIGNATURE_PREFIX)
                    .append(key.name())
                    .append(' ')
                    .append(Base64Strict.encode(line))
                    .append('\n');
        }
        return note.toString();
    }

    /**
     * Parses and verifies a signed note against the keys the caller trusts.
     *
     * @throws ProofException if the note is malformed, over-long, signed by a known key with a signature that does
     *     not verify, or not signed by any known key
     */
    public static SignedNote open(byte[] note, Collection<NoteVerifierKey> knownKeys) throws ProofException {
        Objects.requireNonNull(note, "note");
        if (note.length > MAX_NOTE_BYTES) {
            throw new ProofException("the note is " + note.length + " bytes, more than " + MAX_NOTE_BYTES);
        }
        String message;
        try {
            message = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(note))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProofException("malformed note: not UTF-8", e);
        }
        if (!isValidNoteText(message)) {
            throw new ProofException("malformed note: a control character other than newline");
        }
        int split = message.lastIndexOf("\n\n");
        if (split < 0) {
            throw new ProofException("malformed note: no blank line before the signatures");
        }
        String text = message.substring(0, split + 1);
        String block = message.substring(split + 2);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw new ProofException("malformed note: no signature lines, or the last one does not end in a newline");
        }
        Map<String, NoteVerifierKey> keys = index(knownKeys);
        byte[] signedBytes = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> verified = new ArrayList<>();
        List<NoteSignature> unverified = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new ProofException("malformed note: more than " + MAX_SIGNATURES + " signatures");
        }
        for (String line : lines) {
            NoteSignature signature = parseLine(line);
            if (!seen.add(line)) {
                continue; // the same line twice adds nothing
            }
            NoteVerifierKey key = keys.get(signature.name() + "+" + signature.keyId());
            if (key == null) {
                unverified.add(signature);
                continue;
            }
            byte[] decoded = Base64Strict.decode(signature.base64());
            byte[] ed25519 = Arrays.copyOfRange(decoded, 4, decoded.length);
            if (!key.verify(signedBytes, ed25519)) {
                throw new ProofException(
                        "the signature of " + key.name() + "+" + key.keyIdHex() + " does not verify the note");
            }
            if (verified.stream().noneMatch(s -> s.name().equals(signature.name()) && s.keyId() == signature.keyId())) {
                verified.add(signature);
            }
        }
        if (verified.isEmpty()) {
            throw new ProofException("the note is not signed by any known key");
        }
        return new SignedNote(text, verified, unverified);
    }

    /** C2SP: a key name is non-empty, holds no Unicode space and no '+'. */
    /**
     * The signed text of a note (up to and including the newline before the blank line), without checking any
     * signature: for the writer of a note it already trusts. Verifiers use {@link #open}.
     */
    public static String bodyOf(String note) throws ProofException {
        int split = note == null ? -1 : note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new ProofException("malformed note: no blank line before the signatures");
        }
        return note.substring(0, split + 1);
    }

    static boolean isValidKeyName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        return name.codePoints()
                .noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85);
    }

    private static boolean isValidNoteText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static NoteSignature parseLine(String line) throws ProofException {
        if (!line.startsWith(SIGNATURE_PREFIX)) {
            throw new ProofException("malformed note: a signature line does not start with an em dash and a space");
        }
        String rest = line.substring(SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new ProofException("malformed note: a signature line without a signature");
        }
        String name = rest.substring(0, space);
        String base64 = rest.substring(space + 1);
        if (!isValidKeyName(name)) {
            throw new ProofException("malformed note: a signature line with an invalid key name");
        }
        byte[] decoded;
        try {
            decoded = Base64Strict.decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ProofException("malformed note: a signature is not canonical base64", e);
        }
        if (decoded.length < 5) {
            throw new ProofException("malformed note: a signature shorter than a key id and one byte");
        }
        return new NoteSignature(name, ByteBuffer.wrap(decoded).getInt(), base64);
    }

    private static Map<String, NoteVerifierKey> index(Collection<NoteVerifierKey> knownKeys) throws ProofException {
        Map<String, NoteVerifierKey> keys = new HashMap<>();
        for (NoteVerifierKey key : knownKeys) {
            NoteVerifierKey previous = keys.putIfAbsent(key.name() + "+" + key.keyId(), key);
            if (previous != null && !previous.equals(key)) {
                throw new ProofException(
                        "two known keys share the name and key id " + key.name() + "+" + key.keyIdHex());
            }
        }
        return keys;
    }
}
