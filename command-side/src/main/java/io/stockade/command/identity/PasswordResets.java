package io.stockade.command.identity;

import io.stockade.api.common.Role;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.ChangePasswordCommand;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.api.identity.SecurityMessages.UnlockAccountCommand;
import io.stockade.command.jooq.tables.records.PasswordResetRecord;
import io.stockade.command.jooq.tables.records.UserAccountRecord;
import io.stockade.platform.axon.AuditMetadata;
import io.stockade.platform.config.SecretFiles;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.mail.MailSettings;
import io.stockade.platform.mail.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password reset by e-mail. A request for an unknown, deactivated or known address looks the same
 * (202, same time: the work happens off the request thread). The token is 256 random bits, stored
 * as its SHA-256, valid for an hour and usable once; completing it sets the password, ends every
 * session and lifts a lock.
 */
@Component
class PasswordResets {
    static final Duration VALID = Duration.ofHours(1);
    private final AccountLookupRepository accounts;
    private final Outbox outbox;
    private final MailSettings mail;
    private final Passwords passwords;
    private final Sessions sessions;
    private final SecurityRecorder recorder;
    private final CommandGateway commands;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SessionRepository history;

    PasswordResets(
            AccountLookupRepository accounts,
            Outbox outbox,
            MailSettings mail,
            Passwords passwords,
            Sessions sessions,
            SecurityRecorder recorder,
            CommandGateway commands,
            TransactionTemplate tx,
            Clock clock,
            SessionRepository history) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.mail = mail;
        this.passwords = passwords;
        this.sessions = sessions;
        this.recorder = recorder;
        this.commands = commands;
        this.tx = tx;
        this.clock = clock;
        this.history = history;
    }

    /** Called off the request thread. */
    void request(String email, String clientIp) {
        Optional<UserAccountRecord> found = accounts.findByEmail(email).filter(UserAccountRecord::getActive);
        if (found.isEmpty()) {
            return;
        }
        UserAccountRecord a = found.get();
        String token = SecretFiles.randomToken(32);
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            history.insertReset(Sessions.hash(token), a.getUserId(), now, now.plus(VALID));
            // The token travels in the fragment: browsers send neither it nor a Referer with it to any server.
            String link = mail.publicUrl() + "/reset-password#token=" + Outbox.SECRET;
            outbox.enqueue(
                    new TenantId(a.getTenantId()),
                    new Outbox.Mail(
                            "password-reset",
                            a.getEmail(),
                            "Reset your Stockade password",
                            "Hello " + a.getUsername()
                                    + ",\n\nsomeone (hopefully you) asked to reset your Stockade password. "
                                    + "Open this link within one hour to choose a new one:\n\n" + link
                                    + "\n\nIf it was not you, ignore this message: your password stays as it is.\n",
                            null,
                            token));
        });
        recorder.event(
                new UserId(a.getUserId()),
                new TenantId(a.getTenantId()),
                SecurityEventType.PASSWORD_RESET_REQUESTED,
                null,
                null,
                clientIp);
    }

    void complete(String token, String newPassword, String clientIp) {
        Instant now = clock.instant();
        UserAccountRecord account = tx.execute(s -> {
            PasswordResetRecord reset = history.lockReset(Sessions.hash(token))
                    .filter(r -> r.getUsedAt() == null
                            && now.isBefore(r.getExpiresAt().toInstant()))
                    .orElseThrow(PasswordResets::invalid);
            UserAccountRecord a = accounts.find(new UserId(reset.getUserId()))
                    .filter(UserAccountRecord::getActive)
                    .orElseThrow(PasswordResets::invalid);
            passwords.check("newPassword", newPassword, a.getUsername(), a.getEmail());
            passwords.checkHistory("newPassword", newPassword, history.recentHashes(a));
            // Used before the password changes: a second request with the same token waits on the lock, then fails.
            history.useResets(a.getUserId(), now);
            UserId user = new UserId(a.getUserId());
            TenantId tenant = new TenantId(a.getTenantId());
            Map<String, Object> meta = Map.of(
                    AuditMetadata.SYSTEM_ACTOR,
                    "password-reset",
                    AuditMetadata.USER_ID,
                    user.toString(),
                    AuditMetadata.TENANT_ID,
                    tenant.toString(),
                    AuditMetadata.ROLE,
                    Role.valueOf(a.getRole()).label());
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new ChangePasswordCommand(user, tenant, passwords.hash(newPassword), false))
                    .andMetaData(meta));
            commands.sendAndWait(
                    GenericCommandMessage.asCommandMessage(new UnlockAccountCommand(user, tenant, "password reset"))
                            .andMetaData(meta));
            return a;
        });
        UserId user = new UserId(account.getUserId());
        TenantId tenant = new TenantId(account.getTenantId());
        sessions.revokeAll(user, tenant, null, "password-reset");
        recorder.event(user, tenant, SecurityEventType.PASSWORD_RESET, null, null, clientIp);
    }

    private static ProblemException invalid() {
        return ProblemException.validation("token", "The reset link is invalid, used or expired; ask for a new one");
    }
}
