package io.stockade.command.identity;

import static io.stockade.command.Violations.notFound;
import static io.stockade.command.Violations.violation;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.EraseUserCommand;
import io.stockade.api.identity.IdentityMessages.LiftRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.PlaceRetentionHoldCommand;
import io.stockade.api.identity.IdentityMessages.ReactivateUserCommand;
import io.stockade.api.identity.IdentityMessages.RetentionHoldLiftedEvent;
import io.stockade.api.identity.IdentityMessages.RetentionHoldPlacedEvent;
import io.stockade.api.identity.IdentityMessages.UserDeactivatedEvent;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.platform.errors.DomainRuleViolation.Kind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GDPR rules of the user account (issue 14 §5): erasure, the last active Admin, retention holds. The look-up
 * table ({@link AccountLookupRepository}) is a Mockito mock, as in {@link UserAccountTest}.
 */
class PersonalDataRulesTest {
    private static final UserId USER = UserId.random();
    private static final UserId ADMIN = UserId.random();
    private static final TenantId TENANT = TenantId.random();
    private static final TenantId OTHER_TENANT = TenantId.random();
    private static final String REASON = "Art. 17 request of 2026-12-01";
    private static final String HOLD = "Tax audit 2026: records kept until 2033";

    private FixtureConfiguration<UserAccount> fixture;
    private AccountLookupRepository accounts;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(UserAccount.class);
        accounts = mock(AccountLookupRepository.class);
        fixture.registerAnnotatedCommandHandler(new UserAccounts(
                fixture.getRepository(),
                accounts,
                mock(SessionRepository.class),
                Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC),
                mock(AlertPreferenceRepository.class)));
    }

    private static UserRegisteredEvent registered(Role role) {
        return new UserRegisteredEvent(
                USER,
                TENANT,
                PersonalValue.of(USER, "alice"),
                PersonalValue.of(USER, "alice@example.com"),
                PersonalValue.of(USER, "{bcrypt-sha256}$2a$12$hash"),
                role,
                false);
    }

    @Test
    void shouldRecordTheErasureWithItsReasonAndAdminAndClearTheLookUpRow() {
        fixture.given(registered(Role.STAFF))
                .when(new EraseUserCommand(USER, TENANT, REASON, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UserErasedEvent(USER, TENANT, REASON, ADMIN))
                .expectResultMessagePayload(true);
        verify(accounts).erase(USER);
    }

    @Test
    void shouldRecordNothingNewWhenErasingAnErasedPersonAgain() {
        fixture.given(registered(Role.STAFF), new UserErasedEvent(USER, TENANT, REASON, ADMIN))
                .when(new EraseUserCommand(USER, TENANT, "again", ADMIN))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        // The clearing runs again: an erasure that failed half-way is completed by erasing again.
        verify(accounts).erase(USER);
    }

    @Test
    void shouldRefuseErasingTheLastActiveAdmin() {
        when(accounts.lockActiveAdmins(TENANT)).thenReturn(1);

        fixture.given(registered(Role.ADMIN))
                .when(new EraseUserCommand(USER, TENANT, REASON, ADMIN))
                .expectNoEvents()
                .expectException(violation(
                        Kind.CONFLICT,
                        UserAccounts.LAST_ADMIN,
                        null,
                        "The last active Admin of an organisation cannot be erased: make another person Admin first"));
        verify(accounts, never()).erase(any());
    }

    @Test
    void shouldEraseAnAdminWhenAnotherAdminRemains() {
        when(accounts.lockActiveAdmins(TENANT)).thenReturn(2);

        fixture.given(registered(Role.ADMIN))
                .when(new EraseUserCommand(USER, TENANT, REASON, ADMIN))
                .expectEvents(new UserErasedEvent(USER, TENANT, REASON, ADMIN));
    }

    @Test
    void shouldEraseADeactivatedAdminWithoutCountingAdmins() {
        fixture.given(registered(Role.ADMIN), new UserDeactivatedEvent(USER, TENANT))
                .when(new EraseUserCommand(USER, TENANT, REASON, ADMIN))
                .expectEvents(new UserErasedEvent(USER, TENANT, REASON, ADMIN));
        verify(accounts, never()).lockActiveAdmins(any());
    }

    @Test
    void shouldRefuseErasingAPersonUnderARetentionHoldAndSayWhy() {
        fixture.given(registered(Role.STAFF), new RetentionHoldPlacedEvent(USER, TENANT, HOLD, ADMIN))
                .when(new EraseUserCommand(USER, TENANT, REASON, ADMIN))
                .expectNoEvents()
                .expectException(violation(
                        Kind.CONFLICT,
                        UserAccount.RETENTION_HOLD,
                        null,
                        "The person's records are under a retention hold (" + HOLD
                                + "); lift the hold before erasing them"));
        verify(accounts, never()).erase(any());
    }

    @Test
    void shouldEraseOnceTheHoldIsLifted() {
        fixture.given(
                        registered(Role.STAFF),
                        new RetentionHoldPlacedEvent(USER, TENANT, HOLD, ADMIN),
                        new RetentionHoldLiftedEvent(USER, TENANT, ADMIN))
                .when(new EraseUserCommand(USER, TENANT, REASON, ADMIN))
                .expectEvents(new UserErasedEvent(USER, TENANT, REASON, ADMIN));
    }

    @Test
    void shouldPlaceAndLiftAHoldAsEvents() {
        fixture.given(registered(Role.STAFF))
                .when(new PlaceRetentionHoldCommand(USER, TENANT, HOLD, ADMIN))
                .expectEvents(new RetentionHoldPlacedEvent(USER, TENANT, HOLD, ADMIN));
        fixture.given(registered(Role.STAFF), new RetentionHoldPlacedEvent(USER, TENANT, HOLD, ADMIN))
                .when(new LiftRetentionHoldCommand(USER, TENANT, ADMIN))
                .expectEvents(new RetentionHoldLiftedEvent(USER, TENANT, ADMIN));
    }

    @Test
    void shouldRecordNothingWhenLiftingAHoldThatIsNotThereOrPlacingTheSameHoldAgain() {
        fixture.given(registered(Role.STAFF))
                .when(new LiftRetentionHoldCommand(USER, TENANT, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(registered(Role.STAFF), new RetentionHoldPlacedEvent(USER, TENANT, HOLD, ADMIN))
                .when(new PlaceRetentionHoldCommand(USER, TENANT, HOLD, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void shouldRefuseHoldingOrReactivatingAnErasedPerson() {
        fixture.given(registered(Role.STAFF), new UserErasedEvent(USER, TENANT, REASON, ADMIN))
                .when(new PlaceRetentionHoldCommand(USER, TENANT, HOLD, ADMIN))
                .expectNoEvents()
                .expectException(violation(Kind.CONFLICT, "user-erased", null, "The person has been erased"));
        fixture.given(registered(Role.STAFF), new UserErasedEvent(USER, TENANT, REASON, ADMIN))
                .when(new ReactivateUserCommand(USER, TENANT))
                .expectNoEvents()
                .expectException(violation(Kind.CONFLICT, "user-erased", null, "The person has been erased"));
    }

    @Test
    void shouldAnswerNotFoundToAnotherOrganisationsErasureOrHold() {
        fixture.given(registered(Role.STAFF))
                .when(new EraseUserCommand(USER, OTHER_TENANT, REASON, ADMIN))
                .expectNoEvents()
                .expectException(notFound("User"));
        fixture.given(registered(Role.STAFF))
                .when(new PlaceRetentionHoldCommand(USER, OTHER_TENANT, HOLD, ADMIN))
                .expectNoEvents()
                .expectException(notFound("User"));
        verify(accounts, never()).erase(any());
    }
}
