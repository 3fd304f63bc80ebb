package io.stockade.query.identity;

import static io.stockade.query.jooq.Tables.IDENTITY_USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.FindUserQuery;
import io.stockade.api.identity.IdentityMessages.FindUsersQuery;
import io.stockade.api.identity.IdentityMessages.LookupUsersQuery;
import io.stockade.api.identity.IdentityMessages.RetentionHoldLiftedEvent;
import io.stockade.api.identity.IdentityMessages.RetentionHoldPlacedEvent;
import io.stockade.api.identity.IdentityMessages.UserDeactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserList;
import io.stockade.api.identity.IdentityMessages.UserLookup;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserProfileUpdatedEvent;
import io.stockade.api.identity.IdentityMessages.UserReactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserView;
import io.stockade.query.ReadModelDatabase;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The user list against real PostgreSQL, as the application role under row-level security. */
class UserProjectionIT {
    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
    private static ReadModelDatabase db;
    private static UserProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        projection = new UserProjection(new UserListRepository(db.dsl()));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static UserRegisteredEvent registered(UserId user, TenantId tenant, String name, Role role) {
        return new UserRegisteredEvent(
                user,
                tenant,
                PersonalValue.of(user, name),
                PersonalValue.of(user, name + "@example.com"),
                PersonalValue.of(user, "$2a$hash"),
                role,
                true);
    }

    private static void register(UserRegisteredEvent e) {
        db.handle(e.tenantId(), () -> projection.on(e, AT));
    }

    private static Optional<UserView> user(TenantId tenant, UserId user) {
        return db.read(tenant, () -> projection.handle(new FindUserQuery(tenant, user)));
    }

    private static UserList users(TenantId tenant) {
        return db.read(tenant, () -> projection.handle(new FindUsersQuery(tenant)));
    }

    @Test
    void shouldListTheUserAsRegisteredWhenRegistered() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        UserId bob = UserId.random();

        register(registered(bob, tenant, "bob", Role.STAFF));
        register(registered(ann, tenant, "Ann", Role.MANAGER));

        assertThat(users(tenant).users())
                .containsExactly(
                        new UserView(
                                ann.toString(), "Ann", "Ann@example.com", Role.MANAGER, AT, true, true, false, false),
                        new UserView(
                                bob.toString(), "bob", "bob@example.com", Role.STAFF, AT, true, true, false, false));
        assertThat(db.read(tenant, () -> projection.handle(new LookupUsersQuery(tenant, "an", 10)))
                        .users())
                .containsExactly(new UserLookup(ann.toString(), "Ann"));
    }

    @Test
    void shouldFollowRoleStatusPasswordAndEmailWhenTheyChange() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        register(registered(ann, tenant, "ann", Role.STAFF));

        db.handle(tenant, () -> {
            projection.on(new UserRoleChangedEvent(ann, tenant, Role.STAFF, Role.ADMIN));
            projection.on(new UserPasswordChangedEvent(ann, tenant, PersonalValue.of(ann, "$2a$new"), false));
            projection.on(new UserProfileUpdatedEvent(ann, tenant, PersonalValue.of(ann, "ann@new.example")));
            projection.on(new UserDeactivatedEvent(ann, tenant));
        });

        assertThat(user(tenant, ann))
                .contains(new UserView(
                        ann.toString(), "ann", "ann@new.example", Role.ADMIN, AT, false, false, false, false));

        db.handle(tenant, () -> projection.on(new UserReactivatedEvent(ann, tenant)));

        assertThat(user(tenant, ann)).map(UserView::isActive).contains(true);
    }

    @Test
    void shouldShowAnErasedEmailAsErasedWhenThePersonsKeyIsGone() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        register(registered(ann, tenant, "ann", Role.STAFF));

        db.handle(tenant, () -> projection.on(new UserProfileUpdatedEvent(ann, tenant, PersonalValue.erasedFor(ann))));

        assertThat(user(tenant, ann)).map(UserView::email).contains(PersonalValue.ERASED);
    }

    @Test
    void shouldShowTheRetentionHoldWhilePlacedAndTheErasureOnceErased() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        UserId admin = UserId.random();
        register(registered(ann, tenant, "ann", Role.STAFF));
        assertThat(user(tenant, ann)).map(UserView::retentionHold).contains(false);

        db.handle(tenant, () -> projection.on(new RetentionHoldPlacedEvent(ann, tenant, "tax audit 2026", admin)));
        assertThat(user(tenant, ann)).map(UserView::retentionHold).contains(true);

        db.handle(tenant, () -> projection.on(new RetentionHoldLiftedEvent(ann, tenant, admin)));
        assertThat(user(tenant, ann)).map(UserView::retentionHold).contains(false);
        assertThat(user(tenant, ann)).map(UserView::erased).contains(false);

        db.handle(tenant, () -> projection.on(new UserErasedEvent(ann, tenant, "asked to be forgotten", admin)));
        assertThat(user(tenant, ann))
                .hasValueSatisfying(u -> assertThat(u)
                        .extracting(UserView::erased, UserView::username, UserView::email, UserView::isActive)
                        .containsExactly(true, PersonalValue.ERASED, PersonalValue.ERASED, false));
    }

    @Test
    void shouldChangeNothingWhenTheSameEventsAreHandledAgain() {
        TenantId tenant = TenantId.random();
        UserId ann = UserId.random();
        UserRegisteredEvent registered = registered(ann, tenant, "ann", Role.STAFF);
        UserRoleChangedEvent promoted = new UserRoleChangedEvent(ann, tenant, Role.STAFF, Role.MANAGER);
        UserDeactivatedEvent deactivated = new UserDeactivatedEvent(ann, tenant);
        Runnable all = () -> {
            projection.on(registered, AT);
            projection.on(promoted);
            projection.on(deactivated);
        };
        db.handle(tenant, all);
        UserList once = users(tenant);

        db.handle(tenant, all);

        assertThat(users(tenant)).isEqualTo(once);
        assertThat(once.users())
                .containsExactly(new UserView(
                        ann.toString(), "ann", "ann@example.com", Role.MANAGER, AT, false, true, false, false));
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsUsersWhenAnotherHasSome() {
        TenantId mine = TenantId.random();
        TenantId theirs = TenantId.random();
        UserId ann = UserId.random();
        UserId eve = UserId.random();
        register(registered(ann, mine, "ann", Role.ADMIN));
        register(registered(eve, theirs, "eve", Role.ADMIN));

        assertThat(users(mine).users()).extracting(UserView::id).containsExactly(ann.toString());
        assertThat(db.read(mine, () -> projection.handle(new FindUserQuery(theirs, eve))))
                .as("the other organisation's id asked for under one's own binding")
                .isEmpty();
        assertThat(db.visibleRows(mine, IDENTITY_USER)).isEqualTo(1);

        db.handle(mine, () -> projection.on(new UserDeactivatedEvent(eve, theirs)));
        assertThat(user(theirs, eve))
                .as("a handler bound to one organisation cannot touch another's rows")
                .map(UserView::isActive)
                .contains(true);
    }

    @Test
    void shouldEmptyTheListOfEveryOrganisationWhenReset() {
        register(registered(UserId.random(), TenantId.random(), "ann", Role.ADMIN));
        register(registered(UserId.random(), TenantId.random(), "eve", Role.ADMIN));

        db.reset(projection::reset);

        assertThat(db.allRows(IDENTITY_USER)).isZero();
    }
}
