package io.stockade.audit.proof;

/** A proof, a signed note or an encoded leaf did not verify; the message says what was wrong with it. */
public class ProofException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }

    public ProofException(String message, Throwable cause) {
        super(message, cause);
    }
}
