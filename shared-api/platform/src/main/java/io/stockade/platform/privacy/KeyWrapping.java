package io.stockade.platform.privacy;

import java.util.Objects;
import java.util.UUID;

/**
 * Envelope encryption of the per-person keys (ADR 0007): what {@code privacy.subject_key} stores is a person's key
 * wrapped by a key that never leaves its keeper (an AWS KMS key, or a wrapping key given to the services), so a copy
 * of the database alone opens no personal value. Rotating the protection means rotating the wrapping key; the
 * events, sealed under the persons' own keys, are never rewritten.
 */
public interface KeyWrapping {
    /** Keys stored as they are: the embedded default, where no wrapping key is set. */
    KeyWrapping NONE = new KeyWrapping() {
        @Override
        public String name() {
            return null;
        }

        @Override
        public byte[] wrap(UUID subject, byte[] key) {
            return key;
        }

        @Override
        public byte[] unwrap(UUID subject, byte[] stored) {
            return stored;
        }
    };

    /** What the stored row names this wrapping by ({@code wrapped_by}); null for none. */
    String name();

    /** The subject's key as it is stored; the subject is bound in, so a stored key cannot be moved to another person. */
    byte[] wrap(UUID subject, byte[] key);

    /** Whether a key stored with this {@code wrapped_by} can be opened here: the one this wrapping writes. */
    default boolean opens(String wrappedBy) {
        return Objects.equals(name(), wrappedBy);
    }

    /** The setting a service needs to open keys stored with this {@code wrapped_by}. */
    static String settingFor(String wrappedBy) {
        return KmsKeyWrapping.NAME.equals(wrappedBy) ? KmsKeyWrapping.SETTING : AesKeyWrapping.SETTING;
    }

    /** The subject's key from what {@link #wrap} stored. */
    byte[] unwrap(UUID subject, byte[] stored);

    /** A key wrapped by a key this service was not given: a setting is missing or wrong, never a person's erasure. */
    final class UnopenableKeyException extends IllegalStateException {
        public UnopenableKeyException(String message) {
            super(message);
        }
    }
}
