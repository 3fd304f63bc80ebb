package io.stockade.platform.mail;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * E-mail ({@code STOCKADE_MAIL_*}).
 *
 * @param transport   {@code file} (the embedded default: each message is written, mode 600, to
 *                    {@code <data dir>/mail/}, like a local mail drop) or {@code ses} (Amazon SES)
 * @param from        the sender identity verified in SES
 * @param sesRegion   SES region (falls back to the SDK's region chain, e.g. AWS_REGION)
 * @param sesEndpoint an endpoint override (a VPC endpoint, or a local stub in tests)
 * @param publicUrl   the address people open Stockade at, for links in messages
 * @param maxAttempts attempts before a message is dead-lettered
 * @param firstRetry  the first retry delay; it doubles each time, up to an hour
 */
@ConfigurationProperties(prefix = "stockade.mail")
public record MailSettings(
        String transport,
        String from,
        String sesRegion,
        String sesEndpoint,
        String publicUrl,
        Integer maxAttempts,
        Duration firstRetry) {
    public MailSettings {
        transport = transport == null || transport.isBlank()
                ? "file"
                : transport.strip().toLowerCase(Locale.ROOT);
        from = from == null || from.isBlank() ? "Stockade <no-reply@localhost.localdomain>" : from;
        publicUrl =
                publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.replaceAll("/+$", "");
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        firstRetry = firstRetry == null ? Duration.ofSeconds(10) : firstRetry;
    }
}
