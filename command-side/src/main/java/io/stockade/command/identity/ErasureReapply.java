package io.stockade.command.identity;

import io.stockade.api.identity.IdentityMessages.EraseUserCommand;
import io.stockade.command.identity.ErasureRecords.Erasure;
import io.stockade.platform.privacy.SubjectKeys;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Re-applies the recorded erasures ({@link ErasureRecords}) at every start, so a database restored from a
 * backup taken before an erasure does not bring the person back. In two steps:
 * <ol>
 *   <li>while the context starts, before any event processor runs: the key of every recorded person that
 *       still has one is destroyed, so replaying projections never decrypts their values again;</li>
 *   <li>once the application is ready: a person whose account the restored database still holds in clear is
 *       erased again as the Admin did (the {@code UserErased} event, the look-up row, sessions, the outbox), so
 *       the log records the erasure and the read models clear their copies.</li>
 * </ol>
 * Both are no-ops for an erasure the database already holds, which is the case on every ordinary start.
 */
@Component
class ErasureReapply implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(ErasureReapply.class);
    private final ErasureRecords records;
    private final SubjectKeys keys;
    private final CommandGateway commands;
    private final AccountLookupRepository accounts;
    private final Sessions sessions;
    private final PersonalDataEraser eraser;

    ErasureReapply(
            ErasureRecords records,
            SubjectKeys keys,
            CommandGateway commands,
            AccountLookupRepository accounts,
            Sessions sessions,
            PersonalDataEraser eraser) {
        this.records = records;
        this.keys = keys;
        this.commands = commands;
        this.accounts = accounts;
        this.sessions = sessions;
        this.eraser = eraser;
    }

    @Override
    public void afterPropertiesSet() {
        List<Erasure> all = records.all();
        int destroyed = 0;
        for (Erasure e : all) {
            if (keys.keyForReading(e.person()).isPresent()) {
                keys.destroy(e.person());
                destroyed++;
            }
        }
        if (destroyed > 0) {
            log.warn(
                    "Destroyed the keys of {} erased people again (of {} erasures recorded in {}): the database "
                            + "was restored from before their erasure",
                    destroyed,
                    all.size(),
                    records.dir());
        }
    }

    /**
     * The restored sessions end too. Their revocation commits first; recording it as a security event may then
     * fail, since the person's key is already gone: the sessions are ended all the same.
     */
    private void endSessions(Erasure e) {
        try {
            sessions.revokeAll(e.person(), e.tenant(), null, "erased");
        } catch (RuntimeException ex) {
            log.warn(
                    "Ended the sessions of user {} without recording them as security events: {}",
                    e.person(),
                    ex.toString());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void eraseAgain() {
        for (Erasure e : records.all()) {
            accounts.find(e.person())
                    .filter(a -> a.getTenantId().equals(e.tenant().value()))
                    .filter(a -> !AccountLookupRepository.ERASED.equals(a.getUsername()))
                    .ifPresent(a -> {
                        try {
                            commands.sendAndWait(new EraseUserCommand(
                                    e.person(),
                                    e.tenant(),
                                    "re-applied after a restore: erased at " + e.erasedAt(),
                                    e.erasedBy()));
                            endSessions(e);
                            eraser.clear(
                                    e.person(), e.tenant(), a.getEmail() == null ? Set.of() : Set.of(a.getEmail()));
                            log.warn("Erased user {} again: the restored database predates their erasure", e.person());
                        } catch (RuntimeException ex) {
                            // Their key is gone already (above); what is left in clear is named for the operator.
                            log.error(
                                    "Could not erase user {} again after a restore ({}); their key is destroyed, "
                                            + "erase them again with POST /api/users/{}/erase",
                                    e.person(),
                                    ex.toString(),
                                    e.person());
                        }
                    });
        }
    }
}
