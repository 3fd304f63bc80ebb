package io.stockade.platform.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The API document's own description, and its server address from configuration: springdoc would otherwise
 * build {@code servers} from the request's Host header, so anyone could make the document point elsewhere.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocument {

    /**
     * The address people open Stockade at ({@code STOCKADE_PUBLIC_URL}; {@code STOCKADE_MAIL_PUBLIC_URL}, its
     * older name, is still read): the API document's server and the links in e-mails.
     */
    public static String publicUrl(Environment env) {
        String url = env.getProperty("stockade.public-url");
        if (url == null || url.isBlank()) {
            url = env.getProperty("stockade.mail.public-url");
        }
        return url == null || url.isBlank()
                ? "http://localhost:8080"
                : url.strip().replaceAll("/+$", "");
    }

    @Bean
    OpenAPI stockadeApiDocument(Environment env) {
        String url = publicUrl(env);
        return new OpenAPI()
                .info(new Info()
                        .title("Stockade API")
                        .version("1")
                        .description("Warehouse inventory as an event-sourced record: items, stock movements, "
                                + "reports, alerts and the people who use them. Errors are RFC 9457 "
                                + "application/problem+json.")
                        .contact(new Contact().name("Stockade").url(url)))
                .servers(List.of(new Server().url(url)));
    }
}
