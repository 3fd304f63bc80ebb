package io.stockade.audit.proof;

/**
 * One signature line of a signed note: {@code — <name> <base64(key id || signature)>}.
 *
 * @param name the key name
 * @param keyId the key id (the first four bytes of the decoded signature, big-endian)
 * @param base64 the signature exactly as written
 */
public record NoteSignature(String name, int keyId, String base64) {
    /** The line as it appears in the note, without its newline. */
    public String line() {
        return SignedNote.SIGNATURE_PREFIX + name + " " + base64;
    }
}
