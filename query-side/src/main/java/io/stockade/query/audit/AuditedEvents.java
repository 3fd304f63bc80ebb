package io.stockade.query.audit;

import io.stockade.api.audit.AuditMessages.CommandRefusedEvent;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.PersonalValue;
import io.stockade.api.inventory.InventoryEvents.StockAdjustedEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the audit history knows about events beyond Axon's envelope, in one place: the name of each kind of
 * aggregate on the API, an event's type name, when a movement took effect and why something was done.
 * Everything else is read from the envelope, so a new event type is indexed without a change here.
 */
final class AuditedEvents {
    /** Axon's aggregate type (the aggregate's class name) to its name on the API. */
    private static final Map<String, String> AGGREGATES =
            Map.of("InventoryItem", "item", "UserAccount", "user", "Category", "category");

    /** An event published without an aggregate (Axon stores its own id as the aggregate id, sequence 0). */
    static final String NO_AGGREGATE = "none";

    static final String ITEM = "item";
    static final String USER = "user";
    /** The event naming a person's username: usernames are shown from it, so no read model holds one in clear. */
    static final String USER_REGISTERED = "UserRegistered";

    private AuditedEvents() {}

    /** Every aggregate type the API accepts as a filter. */
    static Set<String> aggregateTypes() {
        Set<String> all = new TreeSet<>(AGGREGATES.values());
        all.add(NO_AGGREGATE);
        return all;
    }

    /** An aggregate added later without a name here still gets one: its class name in kebab case. */
    static String aggregateType(String axonType) {
        if (axonType == null || axonType.isBlank()) {
            return NO_AGGREGATE;
        }
        String known = AGGREGATES.get(axonType);
        return known != null
                ? known
                : axonType.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The event's stable name without its namespace ({@code stockade.inventory.StockAdjusted} is
     * {@code StockAdjusted}); a class without a {@link MessageType} is named by its simple name.
     */
    static String eventType(Class<?> payloadType) {
        MessageType name = payloadType.getAnnotation(MessageType.class);
        if (name == null) {
            return payloadType.getSimpleName();
        }
        String full = name.value();
        return full.substring(full.lastIndexOf('.') + 1);
    }

    /** When a stock movement took effect (it may be back-dated); other events take effect when recorded. */
    static Instant effectiveAt(Object payload) {
        return payload instanceof StockAdjustedEvent m ? m.effectiveAt() : null;
    }

    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    /**
     * A stored event is an accepted change, except the record of a refused command: stored on no aggregate's
     * stream, listed with {@code outcome=rejected}.
     */
    static String outcome(Object payload) {
        return payload instanceof CommandRefusedEvent ? REJECTED : ACCEPTED;
    }

    /** Shown in place of a secret (a password hash): an auditor needs to see that it changed, never its value. */
    static final String REDACTED = "[redacted]";

    /** Fields that hold secrets rather than facts: never shown by the audit API, whatever the event. */
    static boolean secret(String field) {
        String name = field.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("secret");
    }

    /** Each record type's {@code reason} accessor, looked up once per type rather than once per event. */
    private static final ClassValue<Optional<Method>> REASONS = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals("reason")) {
                    return Optional.of(c.getAccessor());
                }
            }
            return Optional.empty();
        }
    };

    /** The reason a payload records (a movement's, an unlock's), as it reads now: {@code [erased]} once erased. */
    static String reason(Object payload) {
        if (payload instanceof CommandRefusedEvent refused) {
            // Why it was refused: the refusal's message, sealed under the caller's key like what they typed.
            return refused.detail().displayValue();
        }
        if (payload == null) {
            return null;
        }
        Optional<Method> accessor = REASONS.get(payload.getClass());
        if (accessor.isEmpty()) {
            return null;
        }
        try {
            Object value = accessor.get().invoke(payload);
            if (value instanceof PersonalValue p) {
                return p.displayValue();
            }
            return value instanceof String s ? s : null;
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
