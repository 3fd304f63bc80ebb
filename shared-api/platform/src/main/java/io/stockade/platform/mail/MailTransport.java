package io.stockade.platform.mail;

/** Hands one message to the outside world. Throws on failure; the outbox retries. */
public interface MailTransport {

    /** @return the provider's id for the message, if it gives one */
    String send(OutgoingMail mail) throws Exception;

    String name();

    /** A message ready to go, secret already filled in. Never logged. */
    record OutgoingMail(String messageId, String from, String to, String subject, String text, String html) {
        @Override
        public String toString() {
            return "OutgoingMail[" + messageId + "]";
        }
    }
}
