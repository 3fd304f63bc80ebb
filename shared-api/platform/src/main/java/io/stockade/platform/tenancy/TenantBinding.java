package io.stockade.platform.tenancy;

import io.stockade.api.common.TenantId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryMessage;

/**
 * Binds every event and query handler to the organisation its message belongs to, so no handler can
 * forget to (row-level security would then hide everything from it, or let a write fail its policy).
 * An event is bound inside its processor's transaction, per event: one batch can mix tenants. A query
 * runs in a read-only transaction of its own, bound.
 *
 * <p>The tenant is the payload's {@code tenantId()}, which every event and query record carries. Metadata
 * is not used: it names the actor's organisation, absent for messages the system issues itself. A payload
 * without one runs unbound, as before.
 */
public final class TenantBinding implements MessageHandlerInterceptor<Message<?>> {
    private static final ClassValue<Optional<Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getName().equals("tenantId") && c.getType() == TenantId.class) {
                    Method accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    return Optional.of(accessor);
                }
            }
            return Optional.empty();
        }
    };

    private final Supplier<TenantScope> scope;
    private volatile TenantScope tenants;

    /** The scope is looked up on first use: the buses are built before the database is. */
    public TenantBinding(Supplier<TenantScope> scope) {
        this.scope = scope;
    }

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        TenantId tenant = tenantOf(message.getPayload());
        if (tenant == null) {
            return chain.proceed();
        }
        TenantScope tenants = scope();
        if (message instanceof EventMessage<?>) {
            tenants.bind(tenant);
            return chain.proceed();
        }
        if (message instanceof QueryMessage<?, ?>) {
            try {
                return tenants.read(tenant, () -> {
                    try {
                        return chain.proceed();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new Checked(e);
                    }
                });
            } catch (Checked e) {
                throw (Exception) e.getCause();
            }
        }
        return chain.proceed();
    }

    private TenantScope scope() {
        TenantScope t = tenants;
        if (t == null) {
            t = scope.get();
            tenants = t;
        }
        return t;
    }

    /** The organisation a message's payload names, or null when it names none. */
    public static TenantId tenantOf(Object payload) {
        if (payload == null) {
            return null;
        }
        Optional<Method> accessor = ACCESSORS.get(payload.getClass());
        if (accessor.isEmpty()) {
            return null;
        }
        try {
            return (TenantId) accessor.get().invoke(payload);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Carries a handler's checked exception through the transaction callback. */
    private static final class Checked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Checked(Exception cause) {
            super(cause);
        }
    }
}
