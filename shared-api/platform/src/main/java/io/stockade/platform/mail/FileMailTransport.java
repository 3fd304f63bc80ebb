package io.stockade.platform.mail;

import io.stockade.platform.config.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default's mail drop: each message becomes {@code <data dir>/mail/<id>.eml}, readable
 * by the account running Stockade only (it may hold a reset link). Whoever runs the laptop install
 * delivers it, as a local MTA's pickup directory would.
 */
public class FileMailTransport implements MailTransport {
    private final Path directory;

    public FileMailTransport(Path directory) {
        this.directory = directory;
    }

    @Override
    public String send(OutgoingMail mail) throws Exception {
        String eml = "Message-ID: <" + mail.messageId() + "@stockade>\r\nFrom: " + header(mail.from()) + "\r\nTo: "
                + header(mail.to()) + "\r\nSubject: " + header(mail.subject())
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + mail.text() + "\r\n";
        Path file = directory.resolve(mail.messageId() + ".eml");
        SecretFiles.write(file.toAbsolutePath(), eml);
        return file.getFileName().toString();
    }

    /** The mail drop is the person's mailbox here; a provider id naming anything but a file in it is ignored. */
    @Override
    public void forget(String providerId) {
        Path file = directory.resolve(providerId).normalize();
        if (!file.getParent().equals(directory.normalize()) || !providerId.endsWith(".eml")) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file.getFileName() + " from the mail drop", e);
        }
    }

    /** No line breaks in headers: a value cannot add headers of its own. */
    private static String header(String value) {
        return value.replaceAll("[\\r\\n]+", " ");
    }

    @Override
    public String name() {
        return "file";
    }
}
