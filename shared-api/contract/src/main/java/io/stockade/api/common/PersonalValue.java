package io.stockade.api.common;

import java.util.Objects;

/**
 * A personal value inside an event (a username, an e-mail, a free-text reason that may name
 * someone). The serializer encrypts {@code value} with the key of {@code subject}; once that key
 * is destroyed the event still deserializes, with {@code value == null} and {@code erased == true}.
 *
 * @param subject the person whose key protects the value
 * @param value   the clear value, or null once erased
 * @param erased  true when the subject's key has been destroyed
 */
public record PersonalValue(UserId subject, String value, boolean erased) {
    public PersonalValue {
        Objects.requireNonNull(subject, "subject");
    }

    public static PersonalValue of(UserId subject, String value) {
        return new PersonalValue(subject, value, false);
    }

    public static PersonalValue erasedFor(UserId subject) {
        return new PersonalValue(subject, null, true);
    }

    /** The clear value, or a fixed marker once erased. */
    public String displayValue() {
        return erased ? ERASED : value;
    }

    public static final String ERASED = "[erased]";

    @Override
    public String toString() {
        return erased ? ERASED : "PersonalValue[subject=" + subject + "]";
    }
}
