package io.stockade.platform.refusals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stockade.api.audit.AuditMessages.CommandRefusedEvent;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.UserId;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.db.DatabaseProvisioner.Provisioned;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.privacy.PersonalDataCipher;
import io.stockade.platform.privacy.SubjectKeys;
import io.stockade.platform.security.AccessTokens;
import io.stockade.platform.web.RequestIds;
import io.stockade.testsupport.TestServices;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The refusal recorder on a real event bus, with personal values sealed under real keys in PostgreSQL: what it
 * records of a refused write, and everything it leaves alone (successes, anonymous callers, reads, other paths,
 * statuses that are not refusals), and that a failure to record never escapes into the refusal's answer.
 */
class RefusedCommandsTest {
    private static Provisioned db;
    private static PersonalDataCipher cipher;

    private final SimpleEventBus bus = SimpleEventBus.builder().build();
    private final List<EventMessage<?>> published = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RefusedCommands recorder = new RefusedCommands(() -> bus, cipher, meters);
    private final UUID user = UUID.randomUUID();
    private final UUID tenant = UUID.randomUUID();
    private final UUID item = UUID.randomUUID();

    @BeforeAll
    static void database() {
        db = TestServices.newDatabase();
        String url = TestServices.jdbcUrl(db);
        Flyway.configure()
                .dataSource(url, db.ownerUser(), db.ownerPassword())
                .schemas("privacy")
                .defaultSchema("privacy")
                .createSchemas(true)
                .table("flyway_history")
                .locations("classpath:db/privacy")
                .load()
                .migrate();
        DriverManagerDataSource owner = new DriverManagerDataSource(url, db.ownerUser(), db.ownerPassword());
        cipher = new PersonalDataCipher(new SubjectKeys(
                DSL.using(new TransactionAwareDataSourceProxy(owner), SQLDialect.POSTGRES),
                new DataSourceTransactionManager(owner)));
    }

    @AfterAll
    static void drop() {
        TestServices.drop(db);
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    private void signedIn(String role) {
        Jwt jwt = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject(user.toString())
                .claim(AccessTokens.CLAIM_TENANT, tenant.toString())
                .claim(AccessTokens.CLAIM_ROLE, role)
                .claim(AccessTokens.CLAIM_USERNAME, "sam")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
        SecurityContextHolder.getContext()
                .setAuthentication(new JwtAuthenticationToken(jwt, List.of(), user.toString()));
    }

    /** A request as Spring MVC leaves it by the time its refusal is answered: matched, its body read. */
    private MockHttpServletRequest request(String method, String pattern, String uri, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        request.setRemoteAddr("10.1.2.3");
        request.addHeader("User-Agent", "scanner/1.0");
        request.setAttribute(RequestIds.ATTRIBUTE, "req-1");
        request.setAttribute(RequestIds.CORRELATION_ATTRIBUTE, "corr-1");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", item.toString()));
        if (body != null) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            request.setAttribute(RequestBodyCapture.ATTRIBUTE, copy);
        }
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        return request;
    }

    private void subscribe() {
        bus.subscribe(published::addAll);
    }

    @Test
    void shouldRecordWhoWhatAndWhyOfARefusedMovementWithPersonalValuesSealedAndSecretsOnlyNamed() {
        subscribe();
        signedIn("Staff");
        request(
                "POST",
                "/api/inventory/{id}/stock",
                "/api/inventory/" + item + "/stock",
                "{\"quantity\":9,\"type\":\"deduction\",\"reason\":\"order for Ann Smith\",\"password\":\"hunter2\"}");

        recorder.refused(new ProblemException(
                HttpStatus.BAD_REQUEST,
                "insufficient-stock",
                "Business rule violated",
                "Cannot deduct 9: only 3 in stock",
                List.of(new ProblemException.FieldError("quantity", "too many"))));

        assertThat(published).hasSize(1);
        EventMessage<?> message = published.get(0);
        CommandRefusedEvent e = (CommandRefusedEvent) message.getPayload();
        assertThat(e.tenantId().value()).isEqualTo(tenant);
        assertThat(e.userId().value()).isEqualTo(user);
        assertThat(e.operation()).isEqualTo("adjustStock");
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.path()).isEqualTo("/api/inventory/{id}/stock");
        assertThat(e.targetId()).isEqualTo(item.toString());
        assertThat(e.fields()).containsOnly(Map.entry("quantity", "9"), Map.entry("type", "deduction"));
        assertThat(e.personalFields())
                .containsOnly(Map.entry("reason", PersonalValue.of(new UserId(user), "order for Ann Smith")));
        assertThat(e.withheldFields()).containsExactly("password");
        assertThat(e.toString()).doesNotContain("hunter2");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problemType()).isEqualTo("insufficient-stock");
        assertThat(e.detail().value()).isEqualTo("Cannot deduct 9: only 3 in stock");
        assertThat(e.detail().subject().value()).isEqualTo(user);
        assertThat(e.errors()).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("quantity");
            assertThat(f.message().value()).isEqualTo("too many");
        });

        Map<String, ?> meta = message.getMetaData();
        assertThat(meta.get(AuditMetadata.USER_ID)).isEqualTo(user.toString());
        assertThat(meta.get(AuditMetadata.TENANT_ID))
                .as("the sealer files the event in this organisation's log by it")
                .isEqualTo(tenant.toString());
        assertThat(meta.get(AuditMetadata.ROLE)).isEqualTo("Staff");
        assertThat(meta.get(AuditMetadata.REQUEST_ID)).isEqualTo("req-1");
        assertThat(meta.get(AuditMetadata.CORRELATION_ID)).isEqualTo("corr-1");
        String ip = meta.get(AuditMetadata.CLIENT_IP).toString();
        assertThat(ip).startsWith("pd1:").doesNotContain("10.1.2.3");
        assertThat(cipher.decrypt(new UserId(user), ip)).contains("10.1.2.3");
        assertThat(cipher.decrypt(
                        new UserId(user), meta.get(AuditMetadata.USER_AGENT).toString()))
                .contains("scanner/1.0");
        assertThat(meters.counter("stockade.refusals.recorded", "status", "400").count())
                .isEqualTo(1);
    }

    @Test
    void shouldRecordAForbiddenUserChangeEvenWithoutABodyOrAMatchedOperation() {
        subscribe();
        signedIn("Staff");
        MockHttpServletRequest request = request("DELETE", null, "/api/users/" + item, null);
        request.removeAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        request.removeAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);

        recorder.refused(HttpStatus.FORBIDDEN, "forbidden", "Insufficient permissions", List.of());

        CommandRefusedEvent e = (CommandRefusedEvent) published.get(0).getPayload();
        assertThat(e.operation()).isEqualTo("DELETE /api/users/" + item);
        assertThat(e.targetId()).isNull();
        assertThat(e.fields()).isEmpty();
        assertThat(e.status()).isEqualTo(403);
    }

    @Test
    void shouldRecordNothingForAnonymousCallersReadsOtherPathsOrAnswersThatAreNotRefusals() {
        subscribe();
        request("POST", "/api/inventory/{id}/stock", "/api/inventory/" + item + "/stock", "{\"quantity\":1}");
        recorder.refused(ProblemException.validation("quantity", "bad"));
        assertThat(published).as("anonymous: stays in the security events").isEmpty();

        signedIn("Staff");
        for (HttpStatus status : List.of(
                HttpStatus.OK,
                HttpStatus.CREATED,
                HttpStatus.UNAUTHORIZED,
                HttpStatus.NOT_FOUND,
                HttpStatus.TOO_MANY_REQUESTS,
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                HttpStatus.INTERNAL_SERVER_ERROR)) {
            recorder.refused(status, "x", "x", List.of());
        }
        request("GET", "/api/inventory/{id}", "/api/inventory/" + item, null);
        recorder.refused(ProblemException.validation("limit", "bad"));
        request("POST", "/api/auth/login", "/api/auth/login", "{\"password\":\"x\"}");
        recorder.refused(ProblemException.validation("username", "bad"));
        request("POST", "/api/categories", "/api/categories", "{}");
        recorder.refused(ProblemException.validation("name", "bad"));

        assertThat(published).isEmpty();
    }

    @Test
    void shouldNeverLetAFailureToRecordEscapeIntoTheRefusal() {
        bus.subscribe(events -> {
            throw new IllegalStateException("event store down");
        });
        signedIn("Staff");
        request("POST", "/api/inventory/{id}/stock", "/api/inventory/" + item + "/stock", "{\"quantity\":1}");

        assertThatCode(() -> recorder.refused(ProblemException.validation("quantity", "bad")))
                .doesNotThrowAnyException();
        assertThat(meters.counter("stockade.refusals.unrecorded").count()).isEqualTo(1);

        RefusedCommands noBus = new RefusedCommands(() -> null, cipher, meters);
        assertThatCode(() -> noBus.refused(ProblemException.validation("quantity", "bad")))
                .doesNotThrowAnyException();
    }
}
