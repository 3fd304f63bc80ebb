package io.stockade.query.security;

import static io.stockade.query.jooq.Tables.SECURITY_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.SecurityMessages.AccountLockedEvent;
import io.stockade.api.identity.SecurityMessages.AccountUnlockedEvent;
import io.stockade.api.identity.SecurityMessages.FindSecurityEventsQuery;
import io.stockade.api.identity.SecurityMessages.SecurityEventPage;
import io.stockade.api.identity.SecurityMessages.SecurityEventRecordedEvent;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.api.identity.SecurityMessages.SecurityEventView;
import io.stockade.query.ReadModelDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The security log against real PostgreSQL, as the application role under row-level security. */
class SecurityEventProjectionIT {
    private static ReadModelDatabase db;
    private static SecurityEventProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        projection = new SecurityEventProjection(new SecurityEventRepository(db.dsl()));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    /** What a processor hands the handler: the payload with the event's own id and recorded time. */
    private static <T> EventMessage<T> message(T payload, String at) {
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, Map.of(), Instant.parse(at));
    }

    private static void handle(TenantId tenant, EventMessage<?>... messages) {
        db.handle(tenant, () -> {
            for (EventMessage<?> m : messages) {
                Object e = m.getPayload();
                if (e instanceof SecurityEventRecordedEvent r) {
                    projection.on(r, m);
                } else if (e instanceof AccountLockedEvent l) {
                    projection.on(l, m);
                } else if (e instanceof AccountUnlockedEvent u) {
                    projection.on(u, m);
                } else if (e instanceof UserRoleChangedEvent r) {
                    projection.on(r, m);
                } else if (e instanceof UserPasswordChangedEvent p) {
                    projection.on(p, m);
                } else {
                    throw new IllegalArgumentException(e.toString());
                }
            }
        });
    }

    private static SecurityEventPage log(TenantId tenant, UserId user, List<SecurityEventType> types) {
        return db.read(
                tenant, () -> projection.handle(new FindSecurityEventsQuery(tenant, user, types, null, null, 1, 50)));
    }

    @Test
    void shouldLogEachSecurityEventNewestFirstWhenRecorded() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        EventMessage<?> signIn = message(
                new SecurityEventRecordedEvent(
                        ann,
                        tenant,
                        SecurityEventType.LOGIN_SUCCEEDED,
                        "s-1",
                        "password + TOTP",
                        PersonalValue.of(ann, "203.0.113.7")),
                "2026-12-01T08:00:00Z");
        EventMessage<?> locked = message(
                new AccountLockedEvent(ann, tenant, Instant.parse("2026-12-01T08:16:00Z"), 5), "2026-12-01T08:01:00Z");
        EventMessage<?> unlocked = message(new AccountUnlockedEvent(ann, tenant, "by admin"), "2026-12-01T08:02:00Z");
        EventMessage<?> role =
                message(new UserRoleChangedEvent(ann, tenant, Role.STAFF, Role.MANAGER), "2026-12-01T08:03:00Z");
        EventMessage<?> password = message(
                new UserPasswordChangedEvent(ann, tenant, PersonalValue.of(ann, "$2a$"), true), "2026-12-01T08:04:00Z");

        handle(tenant, signIn, locked, unlocked, role, password);

        assertThat(log(tenant, null, null).events())
                .containsExactly(
                        view(password, ann, "PASSWORD_CHANGED", null, "set by an Admin or at first start", null),
                        view(role, ann, "ROLE_CHANGED", null, "Staff -> Manager", null),
                        view(unlocked, ann, "ACCOUNT_UNLOCKED", null, "by admin", null),
                        view(
                                locked,
                                ann,
                                "ACCOUNT_LOCKED",
                                null,
                                "locked until 2026-12-01T08:16:00Z after 5 failed sign-ins",
                                null),
                        view(signIn, ann, "LOGIN_SUCCEEDED", "s-1", "password + TOTP", "203.0.113.7"));
        assertThat(log(tenant, ann, List.of(SecurityEventType.ACCOUNT_LOCKED)).events())
                .extracting(SecurityEventView::id)
                .containsExactly(locked.getIdentifier());
    }

    private static SecurityEventView view(
            EventMessage<?> m, UserId user, String type, String session, String detail, String ip) {
        // No username: the log joins the user list, which this database has no rows in.
        return new SecurityEventView(
                m.getIdentifier(), m.getTimestamp(), type, user.toString(), null, session, detail, ip);
    }

    @Test
    void shouldKeepTheFirst200CharactersWhenTheDetailIsLonger() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();

        handle(
                tenant,
                message(
                        new SecurityEventRecordedEvent(
                                ann, tenant, SecurityEventType.SESSION_REVOKED, "s-9", "x".repeat(300), null),
                        "2026-12-01T08:00:00Z"));

        assertThat(log(tenant, null, null).events())
                .extracting(SecurityEventView::detail)
                .containsExactly("x".repeat(200));
    }

    @Test
    void shouldLogAnEventOnceWhenTheSameEventIsHandledAgain() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        EventMessage<?> failed = message(
                new SecurityEventRecordedEvent(ann, tenant, SecurityEventType.LOGIN_FAILED, null, null, null),
                "2026-12-01T08:00:00Z");
        handle(tenant, failed);
        SecurityEventPage once = log(tenant, null, null);

        handle(tenant, failed);

        assertThat(log(tenant, null, null)).isEqualTo(once);
        assertThat(once.total()).isEqualTo(1);
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsLogWhenAnotherHasOne() {
        TenantId mine = TenantId.random();
        TenantId theirs = TenantId.random();
        UserId ann = UserId.random();
        UserId eve = UserId.random();
        handle(
                mine,
                message(
                        new SecurityEventRecordedEvent(ann, mine, SecurityEventType.LOGIN_FAILED, null, null, null),
                        "2026-12-01T08:00:00Z"));
        handle(
                theirs,
                message(
                        new SecurityEventRecordedEvent(eve, theirs, SecurityEventType.LOGIN_FAILED, null, null, null),
                        "2026-12-01T08:00:00Z"));

        assertThat(log(mine, null, null).events())
                .extracting(SecurityEventView::userId)
                .containsExactly(ann.toString());
        assertThat(db.read(
                        mine,
                        () -> projection.handle(new FindSecurityEventsQuery(theirs, null, null, null, null, 1, 50))))
                .as("the other organisation's id asked for under one's own binding")
                .extracting(SecurityEventPage::total)
                .isEqualTo(0L);
        assertThat(db.visibleRows(mine, SECURITY_EVENT)).isEqualTo(1);
    }

    @Test
    void shouldEmptyTheLogOfEveryOrganisationWhenReset() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        handle(
                tenant,
                message(
                        new SecurityEventRecordedEvent(ann, tenant, SecurityEventType.MFA_ENROLLED, null, null, null),
                        "2026-12-01T08:00:00Z"));

        db.reset(projection::reset);

        assertThat(log(tenant, null, null).total()).isZero();
        assertThat(db.allRows(SECURITY_EVENT)).isZero();
    }
}
