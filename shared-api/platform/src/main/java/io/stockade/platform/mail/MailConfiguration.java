package io.stockade.platform.mail;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stockade.platform.config.StockadeProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.SesClientBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailSettings.class)
class MailConfiguration {

    @Bean
    MailTransport mailTransport(
            MailSettings settings, StockadeProperties properties, Clock clock, MeterRegistry meters) {
        MailTransport transport = switch (settings.transport()) {
            case "ses" -> new SesMailTransport(sesClient(settings));
            case "file" -> new FileMailTransport(properties.dataDir().resolve("mail"));
            default -> throw new IllegalStateException("STOCKADE_MAIL_TRANSPORT must be ses or file");
        };
        CircuitBreakingTransport breaker = new CircuitBreakingTransport(transport, 5, Duration.ofMinutes(1), clock);
        Gauge.builder("stockade.mail.circuit.open", breaker, b -> b.open() ? 1 : 0)
                .description("1 while the mail service is not called after repeated failures")
                .register(meters);
        return breaker;
    }

    static SesClient sesClient(MailSettings settings) {
        SesClientBuilder builder = SesClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        if (settings.sesRegion() != null && !settings.sesRegion().isBlank()) {
            builder.region(Region.of(settings.sesRegion()));
        }
        if (settings.sesEndpoint() != null && !settings.sesEndpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.sesEndpoint()));
        }
        return builder.build();
    }
}
