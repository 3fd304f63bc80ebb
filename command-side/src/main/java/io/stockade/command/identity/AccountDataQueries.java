package io.stockade.command.identity;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.Role;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.PersonalDataMessages.AccountData;
import io.stockade.api.identity.PersonalDataMessages.ExportedAccount;
import io.stockade.api.identity.PersonalDataMessages.ExportedAlertPreferences;
import io.stockade.api.identity.PersonalDataMessages.ExportedMail;
import io.stockade.api.identity.PersonalDataMessages.ExportedSession;
import io.stockade.api.identity.PersonalDataMessages.FindAccountDataQuery;
import io.stockade.command.jooq.tables.records.AuthSessionRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.mail.Outbox;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * What the command side keeps about a person, for their GDPR export (served by the query side): the account, its
 * sessions, whether a second factor is enrolled, alert preferences and the mails sent to them. Never a secret.
 */
@Component
class AccountDataQueries {
    private final AccountLookupRepository accounts;
    private final SessionRepository sessions;
    private final MfaRepository mfa;
    private final AlertPreferenceRepository alertPreferences;
    private final Outbox outbox;
    private final PersonalDataEraser eraser;

    AccountDataQueries(
            AccountLookupRepository accounts,
            SessionRepository sessions,
            MfaRepository mfa,
            AlertPreferenceRepository alertPreferences,
            Outbox outbox,
            PersonalDataEraser eraser) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.mfa = mfa;
        this.alertPreferences = alertPreferences;
        this.outbox = outbox;
        this.eraser = eraser;
    }

    @QueryHandler
    Optional<AccountData> handle(FindAccountDataQuery q) {
        return accounts.find(q.userId())
                .filter(a -> a.getTenantId().equals(q.tenantId().value()))
                .map(a -> data(a, q));
    }

    private AccountData data(UserAccountRecord a, FindAccountDataQuery q) {
        boolean erased = PersonalValue.ERASED.equals(a.getUsername());
        ExportedAccount account = new ExportedAccount(
                a.getUserId().toString(),
                a.getUsername(),
                a.getEmail(),
                Role.valueOf(a.getRole()).label(),
                a.getActive(),
                a.getMustChangePassword(),
                erased);
        ExportedAlertPreferences preferences = alertPreferences
                .find(a.getUserId())
                .map(p -> new ExportedAlertPreferences(
                        p.getEmail(),
                        p.getInApp(),
                        Arrays.stream(p.getCategoryIds()).map(UUID::toString).toList()))
                .orElse(null);
        List<ExportedMail> mails = erased
                ? List.of()
                : outbox.sentTo(q.tenantId(), eraser.addressesOf(new UserId(a.getUserId()), a.getEmail())).stream()
                        .map(m -> new ExportedMail(
                                m.messageId().toString(),
                                m.kind(),
                                m.to(),
                                m.subject(),
                                m.text(),
                                m.status(),
                                m.createdAt(),
                                m.sentAt()))
                        .toList();
        return new AccountData(
                account,
                mfa.confirmed(a.getUserId()),
                preferences,
                sessions.all(a.getUserId()).stream()
                        .map(AccountDataQueries::session)
                        .toList(),
                mails);
    }

    private static ExportedSession session(AuthSessionRecord s) {
        return new ExportedSession(
                s.getSessionId().toString(),
                s.getCreatedAt().toInstant(),
                s.getLastUsedAt().toInstant(),
                s.getExpiresAt().toInstant(),
                s.getRevokedAt() == null ? null : s.getRevokedAt().toInstant(),
                s.getRevokeReason(),
                s.getClientIp(),
                s.getUserAgent(),
                s.getAmr());
    }
}
