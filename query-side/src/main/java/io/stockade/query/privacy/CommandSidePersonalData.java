package io.stockade.query.privacy;

import io.stockade.api.alerts.AlertMessages.NotificationExport;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.PersonalDataMessages.AccountData;
import io.stockade.platform.errors.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The command side's parts of a person's export (identity's account data, alerting's notifications), asked over
 * HTTP, for split services on PostgreSQL: there no query travels between processes. Set
 * {@code STOCKADE_COMMAND_SIDE_URL} (the command-side service's own address, not the front door's) on the query side
 * to use it; unset, the export asks the query bus (the all-in-one jar, Axon Server).
 *
 * <p>The request carries the caller's own bearer token, so the command side applies its own rule (an Admin for
 * anyone of the organisation, anyone for themselves) and its own revocation list; this service holds no credential
 * of its own to the other.
 */
@Component
class CommandSidePersonalData {
    private final Optional<RestClient> client;

    CommandSidePersonalData(@Value("${stockade.command-side.url:}") String url, RestClient.Builder builder) {
        this.client = url.isBlank() ? Optional.empty() : Optional.of(client(url.strip(), builder));
    }

    private static RestClient client(String url, RestClient.Builder builder) {
        URI base = httpAddress(url);
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        return builder.clone().baseUrl(base.toString()).requestFactory(requests).build();
    }

    private static URI httpAddress(String url) {
        try {
            URI base = new URI(url);
            if (("http".equals(base.getScheme()) || "https".equals(base.getScheme())) && base.getHost() != null) {
                return base;
            }
        } catch (URISyntaxException e) {
            // refused below, as an address of the wrong kind is
        }
        throw new IllegalStateException("STOCKADE_COMMAND_SIDE_URL must be an http or https address of the"
                + " command-side service, such as http://command-side:8080");
    }

    /** Whether this service asks the command side over HTTP (split services on PostgreSQL). */
    boolean configured() {
        return client.isPresent();
    }

    /** The account data the command side keeps, asked with the caller's {@code Authorization} header. */
    AccountData account(UserId person, String authorization) {
        return get("/api/users/{id}/export/account", person, authorization, AccountData.class);
    }

    /** The person's in-app notifications (alerting runs on the command side), asked the same way. */
    NotificationExport notifications(UserId person, String authorization) {
        return get("/api/users/{id}/export/notifications", person, authorization, NotificationExport.class);
    }

    private <T> T get(String path, UserId person, String authorization, Class<T> type) {
        RestClient http = client.orElseThrow();
        try {
            return http.get()
                    .uri(path, person.value())
                    .header(HttpHeaders.AUTHORIZATION, authorization)
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.is2xxSuccessful()) {
                            T body = response.bodyTo(type);
                            if (body == null) {
                                throw passing("the command side answered without a body");
                            }
                            return body;
                        }
                        if (status.value() == 404) {
                            throw ProblemException.notFound("User");
                        }
                        if (status.value() == 401 || status.value() == 403) {
                            // The command side refused the caller (a token revoked meanwhile, a role changed).
                            HttpStatus same = HttpStatus.valueOf(status.value());
                            throw new ProblemException(
                                    same,
                                    status.value() == 401 ? "unauthorized" : "forbidden",
                                    same.getReasonPhrase(),
                                    "The command side refused this request for the person's data",
                                    List.of());
                        }
                        throw passing("the command side answered " + status.value());
                    });
        } catch (ResourceAccessException e) {
            throw passing("the command side could not be reached");
        }
    }

    /** A failure that may pass (the command side down, restarting, failing): the export can be asked again. */
    private static ProblemException passing(String what) {
        return unavailable(what + ". Try again shortly.");
    }

    /**
     * The export's one 503: the command side's part cannot be had, for {@code why} (a sentence that ends the
     * detail, saying what to do). Also the answer when no process handles the part's query (no address set).
     */
    static ProblemException unavailable(String why) {
        return new ProblemException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "personal-data-export-unavailable",
                "Service Unavailable",
                "The export needs the account data and notifications the command side keeps, and " + why,
                List.of());
    }
}
