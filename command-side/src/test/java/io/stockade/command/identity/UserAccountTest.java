package io.stockade.command.identity;

import static io.stockade.command.Violations.notFound;
import static io.stockade.command.Violations.violation;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.stockade.api.alerts.AlertMessages;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.ChangePasswordCommand;
import io.stockade.api.identity.IdentityMessages.ChangeUserRoleCommand;
import io.stockade.api.identity.IdentityMessages.DeactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.ReactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.RegisterUserCommand;
import io.stockade.api.identity.IdentityMessages.UpdateProfileCommand;
import io.stockade.api.identity.IdentityMessages.UserDeactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserProfileUpdatedEvent;
import io.stockade.api.identity.IdentityMessages.UserReactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.SecurityMessages;
import io.stockade.command.identity.AccountLookupRepository.Claim;
import io.stockade.platform.errors.DomainRuleViolation;
import io.stockade.platform.errors.DomainRuleViolation.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The user account aggregate together with {@link UserAccounts}, which hosts its command handlers. The
 * database-backed {@link AccountLookupRepository} (unique names, active Admins) is a Mockito mock.
 */
class UserAccountTest {
    private static final UserId USER = UserId.random();
    private static final TenantId TENANT = TenantId.random();
    private static final TenantId OTHER_TENANT = TenantId.random();
    private static final String HASH = "{bcrypt-sha256}$2a$12$old";
    private static final String NEW_HASH = "{bcrypt-sha256}$2a$12$new";

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant LOCK_END = NOW.plusSeconds(900);
    private FixtureConfiguration<UserAccount> fixture;
    private AccountLookupRepository accounts;
    private AlertPreferenceRepository alertPreferences;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserAccount.class);
        accounts = mock(AccountLookupRepository.class);
        alertPreferences = mock(AlertPreferenceRepository.class);
        fixture.registerAnnotatedCommandHandler(new UserAccounts(
                fixture.getRepository(),
                accounts,
                mock(SessionRepository.class),
                Clock.fixed(NOW, ZoneOffset.UTC),
                alertPreferences));
    }

    private static UserRegisteredEvent registered(Role role) {
        return new UserRegisteredEvent(
                USER,
                TENANT,
                PersonalValue.of(USER, "alice"),
                PersonalValue.of(USER, "alice@example.com"),
                PersonalValue.of(USER, HASH),
                role,
                false);
    }

    private static RegisterUserCommand register(String username, String email) {
        return new RegisterUserCommand(USER, TENANT, username, email, HASH, Role.STAFF, true);
    }

    // --- alert preferences and acknowledgements ---

    @Test
    void shouldRecordAlertPreferencesAndKeepTheLookUpCopyInStep() {
        CategoryId paint = CategoryId.of(UUID.randomUUID().toString());
        fixture.given(registered(Role.MANAGER))
                .when(new AlertMessages.ChangeAlertPreferencesCommand(USER, TENANT, false, true, List.of(paint)))
                .expectEvents(
                        new AlertMessages.AlertPreferencesChangedEvent(USER, TENANT, false, true, List.of(paint)));
        Mockito.verify(alertPreferences).save(USER, TENANT, false, true, List.of(paint));
    }

    @Test
    void shouldRecordWhichNotificationsWereReadOrAllUpToNow() {
        UUID one = UUID.randomUUID();
        fixture.given(registered(Role.MANAGER))
                .when(new AlertMessages.MarkNotificationsReadCommand(USER, TENANT, List.of(one), false))
                .expectEvents(new AlertMessages.NotificationsReadEvent(USER, TENANT, List.of(one), null));
        fixture.given(registered(Role.MANAGER))
                .when(new AlertMessages.MarkNotificationsReadCommand(USER, TENANT, List.of(one), true))
                .expectEvents(new AlertMessages.NotificationsReadEvent(USER, TENANT, List.of(), NOW));
        fixture.given(registered(Role.MANAGER))
                .when(new AlertMessages.MarkNotificationsReadCommand(USER, OTHER_TENANT, List.of(), true))
                .expectNoEvents()
                .expectException(DomainRuleViolation.class);
    }

    // --- registration ---

    @Test
    void shouldRegisterAnAccountWithPersonalValuesSealedForTheUser() {
        when(accounts.insert(USER, TENANT, "alice", "alice@example.com", HASH, Role.STAFF, true))
                .thenReturn(Claim.OK);

        fixture.givenNoPriorActivity()
                .when(register("alice", "alice@example.com"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserRegisteredEvent(
                        USER,
                        TENANT,
                        PersonalValue.of(USER, "alice"),
                        PersonalValue.of(USER, "alice@example.com"),
                        PersonalValue.of(USER, HASH),
                        Role.STAFF,
                        true))
                .expectResultMessagePayload(USER.toString());
    }

    @Test
    void shouldClaimTheStrippedUsernameAndEmailInTheLookupTable() {
        when(accounts.insert(USER, TENANT, "alice", "alice@example.com", HASH, Role.STAFF, true))
                .thenReturn(Claim.OK);

        fixture.givenNoPriorActivity()
                .when(register(" alice ", " alice@example.com "))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(USER.toString());

        verify(accounts).insert(USER, TENANT, "alice", "alice@example.com", HASH, Role.STAFF, true);
    }

    @Test
    void shouldRefuseATakenUsername() {
        when(accounts.insert(any(), any(), anyString(), anyString(), anyString(), any(), anyBoolean()))
                .thenReturn(Claim.USERNAME_TAKEN);

        fixture.givenNoPriorActivity()
                .when(register("alice", "alice@example.com"))
                .expectNoEvents()
                .expectException(violation(Kind.CONFLICT, "duplicate", "username", "That username is taken"));
    }

    @Test
    void shouldRefuseATakenEmail() {
        when(accounts.insert(any(), any(), anyString(), anyString(), anyString(), any(), anyBoolean()))
                .thenReturn(Claim.EMAIL_TAKEN);

        fixture.givenNoPriorActivity()
                .when(register("alice", "alice@example.com"))
                .expectNoEvents()
                .expectException(
                        violation(Kind.CONFLICT, "duplicate", "email", "That e-mail address is already registered"));
    }

    // --- roles ---

    @Test
    void shouldChangeTheRoleAndRecordThePreviousOne() {
        fixture.given(registered(Role.STAFF))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserRoleChangedEvent(USER, TENANT, Role.STAFF, Role.MANAGER));

        verify(accounts).setRole(USER, Role.MANAGER);
        verify(accounts, never()).lockActiveAdmins(any());
    }

    @Test
    void shouldApplyTheRoleFromEarlierChanges() {
        fixture.given(registered(Role.STAFF), new UserRoleChangedEvent(USER, TENANT, Role.STAFF, Role.AUDITOR))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.MANAGER))
                .expectEvents(new UserRoleChangedEvent(USER, TENANT, Role.AUDITOR, Role.MANAGER));
    }

    @Test
    void shouldPublishNothingWhenTheRoleIsUnchanged() {
        fixture.given(registered(Role.MANAGER))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.MANAGER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void shouldPromoteToAdminWithoutCountingAdmins() {
        fixture.given(registered(Role.STAFF))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.ADMIN))
                .expectEvents(new UserRoleChangedEvent(USER, TENANT, Role.STAFF, Role.ADMIN));

        verify(accounts, never()).lockActiveAdmins(any());
    }

    @Test
    void shouldDemoteAnAdminWhenAnotherActiveAdminRemains() {
        when(accounts.lockActiveAdmins(TENANT)).thenReturn(2);

        fixture.given(registered(Role.ADMIN))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.MANAGER))
                .expectEvents(new UserRoleChangedEvent(USER, TENANT, Role.ADMIN, Role.MANAGER));

        verify(accounts).setRole(USER, Role.MANAGER);
    }

    @Test
    void shouldRefuseDemotingTheLastActiveAdmin() {
        when(accounts.lockActiveAdmins(TENANT)).thenReturn(1);

        fixture.given(registered(Role.ADMIN))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.STAFF))
                .expectNoEvents()
                .expectException(violation(
                        Kind.BUSINESS_RULE,
                        UserAccounts.LAST_ADMIN,
                        null,
                        "The last active Admin of an organisation cannot be demoted or deactivated"));

        verify(accounts, never()).setRole(any(), any());
    }

    @Test
    void shouldDemoteADeactivatedAdminWithoutCountingAdmins() {
        fixture.given(registered(Role.ADMIN), new UserDeactivatedEvent(USER, TENANT))
                .when(new ChangeUserRoleCommand(USER, TENANT, Role.STAFF))
                .expectEvents(new UserRoleChangedEvent(USER, TENANT, Role.ADMIN, Role.STAFF));

        verify(accounts, never()).lockActiveAdmins(any());
    }

    // --- deactivation and reactivation ---

    @Test
    void shouldDeactivateAnActiveAccount() {
        fixture.given(registered(Role.STAFF))
                .when(new DeactivateUserCommand(USER, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserDeactivatedEvent(USER, TENANT));

        verify(accounts).setActive(USER, false);
        verify(accounts, never()).lockActiveAdmins(any());
    }

    @Test
    void shouldPublishNothingWhenDeactivatingTwice() {
        fixture.given(registered(Role.STAFF), new UserDeactivatedEvent(USER, TENANT))
                .when(new DeactivateUserCommand(USER, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void shouldDeactivateAnAdminWhenAnotherActiveAdminRemains() {
        when(accounts.lockActiveAdmins(TENANT)).thenReturn(3);

        fixture.given(registered(Role.ADMIN))
                .when(new DeactivateUserCommand(USER, TENANT))
                .expectEvents(new UserDeactivatedEvent(USER, TENANT));
    }

    @Test
    void shouldRefuseDeactivatingTheLastActiveAdmin() {
        when(accounts.lockActiveAdmins(TENANT)).thenReturn(1);

        fixture.given(registered(Role.ADMIN))
                .when(new DeactivateUserCommand(USER, TENANT))
                .expectNoEvents()
                .expectException(violation(
                        Kind.BUSINESS_RULE,
                        UserAccounts.LAST_ADMIN,
                        null,
                        "The last active Admin of an organisation cannot be demoted or deactivated"));

        verify(accounts, never()).setActive(any(), anyBoolean());
    }

    @Test
    void shouldReactivateADeactivatedAccount() {
        fixture.given(registered(Role.STAFF), new UserDeactivatedEvent(USER, TENANT))
                .when(new ReactivateUserCommand(USER, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserReactivatedEvent(USER, TENANT));

        verify(accounts).setActive(USER, true);
    }

    @Test
    void shouldPublishNothingWhenReactivatingAnActiveAccount() {
        fixture.given(registered(Role.STAFF))
                .when(new ReactivateUserCommand(USER, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(
                        registered(Role.STAFF),
                        new UserDeactivatedEvent(USER, TENANT),
                        new UserReactivatedEvent(USER, TENANT))
                .when(new ReactivateUserCommand(USER, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // --- password and profile ---

    @Test
    void shouldChangeThePasswordSealedForTheUser() {
        fixture.given(registered(Role.STAFF))
                .when(new ChangePasswordCommand(USER, TENANT, NEW_HASH, true))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserPasswordChangedEvent(USER, TENANT, PersonalValue.of(USER, NEW_HASH), true));

        verify(accounts).setPassword(USER, NEW_HASH, true);
    }

    @Test
    void shouldRefuseAPasswordChangeOnADeactivatedAccount() {
        fixture.given(registered(Role.STAFF), new UserDeactivatedEvent(USER, TENANT))
                .when(new ChangePasswordCommand(USER, TENANT, NEW_HASH, false))
                .expectNoEvents()
                .expectException(violation(Kind.BUSINESS_RULE, "user-inactive", null, "The account is deactivated"));

        verify(accounts, never()).setPassword(any(), anyString(), anyBoolean());
    }

    @Test
    void shouldChangeTheEmailSealedForTheUser() {
        when(accounts.setEmail(USER, "new@example.com")).thenReturn(true);

        fixture.given(registered(Role.STAFF))
                .when(new UpdateProfileCommand(USER, TENANT, "new@example.com"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserProfileUpdatedEvent(USER, TENANT, PersonalValue.of(USER, "new@example.com")));
    }

    @Test
    void shouldRefuseAnEmailThatIsAlreadyRegisteredAndPublishNothing() {
        when(accounts.setEmail(USER, "bob@example.com")).thenReturn(false);

        fixture.given(registered(Role.STAFF))
                .when(new UpdateProfileCommand(USER, TENANT, "bob@example.com"))
                .expectNoEvents()
                .expectException(
                        violation(Kind.CONFLICT, "duplicate", "email", "That e-mail address is already registered"));
    }

    @Test
    void shouldRefuseAnEmailChangeOnADeactivatedAccount() {
        fixture.given(registered(Role.STAFF), new UserDeactivatedEvent(USER, TENANT))
                .when(new UpdateProfileCommand(USER, TENANT, "new@example.com"))
                .expectNoEvents()
                .expectException(violation(Kind.BUSINESS_RULE, "user-inactive", null, "The account is deactivated"));

        verify(accounts, never()).setEmail(any(), anyString());
    }

    @Test
    void shouldAllowPasswordAndEmailChangesAgainAfterReactivation() {
        when(accounts.setEmail(USER, "new@example.com")).thenReturn(true);

        fixture.given(
                        registered(Role.STAFF),
                        new UserDeactivatedEvent(USER, TENANT),
                        new UserReactivatedEvent(USER, TENANT))
                .when(new UpdateProfileCommand(USER, TENANT, "new@example.com"))
                .expectEvents(new UserProfileUpdatedEvent(USER, TENANT, PersonalValue.of(USER, "new@example.com")));
        fixture.given(
                        registered(Role.STAFF),
                        new UserDeactivatedEvent(USER, TENANT),
                        new UserReactivatedEvent(USER, TENANT))
                .when(new ChangePasswordCommand(USER, TENANT, NEW_HASH, false))
                .expectEvents(new UserPasswordChangedEvent(USER, TENANT, PersonalValue.of(USER, NEW_HASH), false));
    }

    // --- tenants ---

    @Test
    void shouldTreatAnotherOrganisationsAccountAsNotFound() {
        when(accounts.lockActiveAdmins(any())).thenReturn(5);
        when(accounts.setEmail(any(), anyString())).thenReturn(true);

        fixture.given(registered(Role.STAFF))
                .when(new ChangeUserRoleCommand(USER, OTHER_TENANT, Role.ADMIN))
                .expectNoEvents()
                .expectException(notFound("User"));
        fixture.given(registered(Role.STAFF))
                .when(new DeactivateUserCommand(USER, OTHER_TENANT))
                .expectNoEvents()
                .expectException(notFound("User"));
        fixture.given(registered(Role.STAFF), new UserDeactivatedEvent(USER, TENANT))
                .when(new ReactivateUserCommand(USER, OTHER_TENANT))
                .expectNoEvents()
                .expectException(notFound("User"));
        fixture.given(registered(Role.STAFF))
                .when(new ChangePasswordCommand(USER, OTHER_TENANT, NEW_HASH, false))
                .expectNoEvents()
                .expectException(notFound("User"));
        fixture.given(registered(Role.STAFF))
                .when(new UpdateProfileCommand(USER, OTHER_TENANT, "new@example.com"))
                .expectNoEvents()
                .expectException(notFound("User"));

        verify(accounts, never()).setRole(any(), any());
        verify(accounts, never()).setActive(any(), anyBoolean());
        verify(accounts, never()).setPassword(any(), anyString(), anyBoolean());
        verify(accounts, never()).setEmail(any(), anyString());
    }

    @Test
    void shouldCheckTheTenantBeforeTheAccountIsActive() {
        fixture.given(registered(Role.STAFF), new UserDeactivatedEvent(USER, TENANT))
                .when(new ChangePasswordCommand(USER, OTHER_TENANT, NEW_HASH, false))
                .expectNoEvents()
                .expectException(notFound("User"));
    }

    /** Found by these tests: the last-Admin check ran first, counted the caller's organisation and told it "last-admin". */
    @Test
    void shouldNotRevealOrLockAnythingWhenAnotherOrganisationTargetsAnAdmin() {
        when(accounts.lockActiveAdmins(any())).thenReturn(1);

        fixture.given(registered(Role.ADMIN))
                .when(new ChangeUserRoleCommand(USER, OTHER_TENANT, Role.STAFF))
                .expectNoEvents()
                .expectException(notFound("User"));
        fixture.given(registered(Role.ADMIN))
                .when(new DeactivateUserCommand(USER, OTHER_TENANT))
                .expectNoEvents()
                .expectException(notFound("User"));

        verify(accounts, never()).lockActiveAdmins(any());
    }

    // --- lockout (seed 002: five failures lock for 15 minutes) ---

    private static SecurityMessages.RecordSignInFailureCommand failure(Instant at) {
        return new SecurityMessages.RecordSignInFailureCommand(
                USER, TENANT, "wrong password", "203.0.113.7", 5, at, at.plusSeconds(900));
    }

    private static SecurityMessages.SecurityEventRecordedEvent failed() {
        return new SecurityMessages.SecurityEventRecordedEvent(
                USER,
                TENANT,
                SecurityMessages.SecurityEventType.LOGIN_FAILED,
                null,
                "wrong password",
                PersonalValue.of(USER, "203.0.113.7"));
    }

    @Test
    void shouldCountAFailureWithoutLockingBeforeTheThreshold() {
        fixture.given(registered(Role.STAFF), failed(), failed(), failed())
                .when(failure(NOW))
                .expectEvents(failed());
    }

    @Test
    void shouldLockAtTheFifthFailureAndMirrorTheLockForSignIn() {
        fixture.given(registered(Role.STAFF), failed(), failed(), failed(), failed())
                .when(failure(NOW))
                .expectEvents(failed(), new SecurityMessages.AccountLockedEvent(USER, TENANT, LOCK_END, 5));
        verify(accounts).setLock(USER, LOCK_END);
    }

    @Test
    void shouldNotExtendALockWithFailuresWhileLocked() {
        fixture.given(
                        registered(Role.STAFF),
                        failed(),
                        failed(),
                        failed(),
                        failed(),
                        failed(),
                        new SecurityMessages.AccountLockedEvent(USER, TENANT, LOCK_END, 5),
                        failed(),
                        failed(),
                        failed(),
                        failed())
                .when(failure(NOW.plusSeconds(60)))
                .expectEvents(failed());
    }

    @Test
    void shouldStartCountingAfreshOnceTheLockHasRunOut() {
        fixture.given(
                        registered(Role.STAFF),
                        failed(),
                        failed(),
                        failed(),
                        failed(),
                        failed(),
                        new SecurityMessages.AccountLockedEvent(USER, TENANT, LOCK_END, 5))
                .when(failure(LOCK_END))
                .expectEvents(new SecurityMessages.AccountUnlockedEvent(USER, TENANT, "lock expired"), failed());
    }

    @Test
    void shouldResetTheCountOnASuccessfulSignIn() {
        SecurityMessages.SecurityEventRecordedEvent success = new SecurityMessages.SecurityEventRecordedEvent(
                USER, TENANT, SecurityMessages.SecurityEventType.LOGIN_SUCCEEDED, "s1", "pwd", null);
        fixture.given(registered(Role.STAFF), failed(), failed(), failed(), failed(), success)
                .when(failure(NOW))
                .expectEvents(failed());
    }

    @Test
    void shouldUnlockOnceAndIgnoreASecondUnlock() {
        SecurityMessages.UnlockAccountCommand unlock =
                new SecurityMessages.UnlockAccountCommand(USER, TENANT, "lock expired");
        fixture.given(
                        registered(Role.STAFF),
                        new SecurityMessages.AccountLockedEvent(USER, TENANT, LOCK_END, 5),
                        new SecurityMessages.AccountUnlockedEvent(USER, TENANT, "lock expired"))
                .when(unlock)
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void shouldNotRecordAnotherOrganisationsSignInFailure() {
        fixture.given(registered(Role.STAFF))
                .when(new SecurityMessages.RecordSignInFailureCommand(USER, OTHER_TENANT, "x", null, 5, NOW, LOCK_END))
                .expectNoEvents()
                .expectException(notFound("User"));
    }
}
