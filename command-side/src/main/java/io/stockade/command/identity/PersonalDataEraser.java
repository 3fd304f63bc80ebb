package io.stockade.command.identity;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserProfileUpdatedEvent;
import io.stockade.api.identity.IdentityMessages.UserRegisteredEvent;
import io.stockade.platform.mail.Outbox;
import io.stockade.platform.privacy.SubjectKeys;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an erasure does beyond its event (GDPR art. 17; ADR 0007): the clear copies the command side keeps
 * outside the event log are cleared, then the person's key is destroyed, which makes every sealed value of
 * theirs in the log (and in sealed columns such as the MFA secret and the audit access log) unreadable.
 * Read models clear their own copies when they see the {@code UserErased} event. Running it again is harmless:
 * an erasure that failed half-way is completed by erasing again.
 */
@Component
class PersonalDataEraser {
    private static final Logger log = LoggerFactory.getLogger(PersonalDataEraser.class);
    private final EventStore events;
    private final SessionRepository sessions;
    private final MfaRepository mfa;
    private final Outbox outbox;
    private final SubjectKeys keys;
    private final TransactionTemplate tx;

    PersonalDataEraser(
            EventStore events,
            SessionRepository sessions,
            MfaRepository mfa,
            Outbox outbox,
            SubjectKeys keys,
            PlatformTransactionManager transactions) {
        this.events = events;
        this.sessions = sessions;
        this.mfa = mfa;
        this.outbox = outbox;
        this.keys = keys;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Every e-mail address the person ever had, read from their account's events: the outbox keeps messages to
     * old addresses too. Only readable while the key exists, so it is taken before the erasure.
     */
    Set<String> addressesOf(UserId person, String current) {
        Set<String> addresses = new LinkedHashSet<>();
        if (current != null && !PersonalValue.ERASED.equals(current)) {
            addresses.add(current);
        }
        events.readEvents(person.toString()).asStream().forEach(e -> {
            PersonalValue email = null;
            if (e.getPayload() instanceof UserRegisteredEvent r) {
                email = r.email();
            } else if (e.getPayload() instanceof UserProfileUpdatedEvent u) {
                email = u.email();
            }
            if (email != null && !email.erased() && email.value() != null) {
                addresses.add(email.value());
            }
        });
        return addresses;
    }

    /** Clears the command side's clear copies, then destroys the key (its own committed transaction). */
    void clear(UserId person, TenantId tenant, Set<String> addresses) {
        int mails = tx.execute(s -> {
            sessions.forget(person.value());
            mfa.remove(person.value());
            return outbox.forget(tenant, addresses, PersonalValue.ERASED);
        });
        keys.destroy(person);
        log.info("Erased the personal data of user {} ({} e-mail messages cleared)", person, mails);
    }
}
