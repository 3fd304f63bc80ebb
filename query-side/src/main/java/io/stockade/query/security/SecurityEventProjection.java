package io.stockade.query.security;

import io.stockade.api.common.PersonalValue;
import io.stockade.api.common.TenantId;
import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.UserErasedEvent;
import io.stockade.api.identity.IdentityMessages.UserPasswordChangedEvent;
import io.stockade.api.identity.IdentityMessages.UserRoleChangedEvent;
import io.stockade.api.identity.SecurityMessages.AccountLockedEvent;
import io.stockade.api.identity.SecurityMessages.AccountUnlockedEvent;
import io.stockade.api.identity.SecurityMessages.FindSecurityEventsQuery;
import io.stockade.api.identity.SecurityMessages.SecurityEventPage;
import io.stockade.api.identity.SecurityMessages.SecurityEventRecordedEvent;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The security log of each organisation, newest first, with filters. Replays idempotently (event id key). */
@Component
@ProcessingGroup("security-events")
class SecurityEventProjection {
    private final SecurityEventRepository events;

    SecurityEventProjection(SecurityEventRepository events) {
        this.events = events;
    }

    @EventHandler
    void on(SecurityEventRecordedEvent e, EventMessage<?> m) {
        insert(
                m,
                e.tenantId(),
                e.userId(),
                e.type(),
                e.sessionId(),
                e.detail(),
                e.clientIp() == null ? null : e.clientIp().displayValue());
    }

    @EventHandler
    void on(AccountLockedEvent e, EventMessage<?> m) {
        insert(
                m,
                e.tenantId(),
                e.userId(),
                SecurityEventType.ACCOUNT_LOCKED,
                null,
                "locked until " + e.lockedUntil() + " after " + e.failures() + " failed sign-ins",
                null);
    }

    @EventHandler
    void on(AccountUnlockedEvent e, EventMessage<?> m) {
        insert(m, e.tenantId(), e.userId(), SecurityEventType.ACCOUNT_UNLOCKED, null, e.reason(), null);
    }

    @EventHandler
    void on(UserRoleChangedEvent e, EventMessage<?> m) {
        insert(
                m,
                e.tenantId(),
                e.userId(),
                SecurityEventType.ROLE_CHANGED,
                null,
                e.previousRole().label() + " -> " + e.role().label(),
                null);
    }

    @EventHandler
    void on(UserPasswordChangedEvent e, EventMessage<?> m) {
        insert(
                m,
                e.tenantId(),
                e.userId(),
                SecurityEventType.PASSWORD_CHANGED,
                null,
                e.mustChangePassword() ? "set by an Admin or at first start" : null,
                null);
    }

    /** A replay reads the same values as erased already (the key is gone); this clears the live copy. */
    @EventHandler
    void on(UserErasedEvent e) {
        events.eraseUser(e.tenantId().value(), e.userId().value(), PersonalValue.ERASED);
    }

    @ResetHandler
    void reset() {
        events.truncate();
    }

    @QueryHandler
    SecurityEventPage handle(FindSecurityEventsQuery q) {
        return events.find(q);
    }

    private void insert(
            EventMessage<?> m,
            TenantId tenant,
            UserId user,
            SecurityEventType type,
            String session,
            String detail,
            String ip) {
        events.insert(m, tenant, user, type, session, detail, ip);
    }
}
