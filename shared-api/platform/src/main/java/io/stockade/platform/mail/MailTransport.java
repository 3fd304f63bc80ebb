package io.stockade.platform.mail;

/** Hands one message to the outside world. Throws on failure; the outbox retries. */
public interface MailTransport {

    /** @return the provider's id for the message, if it gives one */
    String send(OutgoingMail mail) throws Exception;

    String name();

    /**
     * Erasure: drops the copy of a sent message this transport keeps, if it keeps one ({@code providerId} as
     * {@link #send} answered it). A mail service's own copies (SES keeps none past delivery) are out of reach.
     */
    default void forget(String providerId) {}

    /** A message ready to go, secret already filled in. Never logged. */
    record OutgoingMail(String messageId, String from, String to, String subject, String text, String html) {
        @Override
        public String toString() {
            return "OutgoingMail[" + messageId + "]";
        }
    }
}
