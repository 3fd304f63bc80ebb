package io.stockade.platform.axon;

import io.stockade.platform.tenancy.TenantScope;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs each projection event handler inside a savepoint. A handler whose SQL fails (a poison event)
 * would otherwise leave PostgreSQL's transaction aborted: the dead-letter queue could not park the
 * event in it, and every later event of the batch would fail too. With the savepoint rolled back,
 * the event is parked and the batch goes on. Aggregates and sagas are not touched.
 *
 * <p>Projections with {@link DeferredWrites.Buffered} handlers skip the savepoints while their batch
 * defers its writes: a failure there rolls the whole batch back, and its retry runs event by event,
 * with savepoints (the query side's write-behind).
 */
public class SavepointPerEvent implements HandlerEnhancerDefinition {
    private final ObjectProvider<PlatformTransactionManager> transactions;
    private final ObjectProvider<DeferredWrites> writeBehind;
    private final ObjectProvider<TenantScope> tenants;
    private volatile TransactionTemplate nested;

    public SavepointPerEvent(
            ObjectProvider<PlatformTransactionManager> transactions,
            ObjectProvider<DeferredWrites> writeBehind,
            ObjectProvider<TenantScope> tenants) {
        this.transactions = transactions;
        this.writeBehind = writeBehind;
        this.tenants = tenants;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        Class<?> type = original.unwrap(Executable.class)
                .map(Executable::getDeclaringClass)
                .orElse(null);
        ProcessingGroup group = type == null ? null : type.getAnnotation(ProcessingGroup.class);
        if (group == null) {
            return original;
        }
        boolean deferring = Arrays.stream(type.getDeclaredMethods())
                .anyMatch(m -> m.isAnnotationPresent(DeferredWrites.Buffered.class));
        boolean buffered = original.unwrap(Method.class)
                .map(m -> m.isAnnotationPresent(DeferredWrites.Buffered.class))
                .orElse(false);
        return new Wrapped<>(original, deferring ? group.value() : null, buffered);
    }

    /** The savepoint is about to be rolled back, and with it a tenant setting made inside it. */
    private void forgetTenant() {
        TenantScope scope = tenants.getIfAvailable();
        if (scope != null) {
            scope.forget();
        }
    }

    private TransactionTemplate nested() {
        TransactionTemplate t = nested;
        if (t == null) {
            t = new TransactionTemplate(transactions.getObject());
            t.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
            nested = t;
        }
        return t;
    }

    private final class Wrapped<T> extends WrappedMessageHandlingMember<T> {
        private final MessageHandlingMember<T> delegate;
        /** The processor when the projection defers writes, else null. */
        private final String processor;

        private final boolean buffered;

        Wrapped(MessageHandlingMember<T> delegate, String processor, boolean buffered) {
            super(delegate);
            this.delegate = delegate;
            this.processor = processor;
            this.buffered = buffered;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            DeferredWrites writes = processor == null ? null : writeBehind.getIfAvailable();
            if (writes != null) {
                try {
                    if (writes.enter(processor, buffered)) {
                        return delegate.handle(message, target);
                    }
                } catch (Exception | Error e) {
                    writes.failed(processor);
                    throw e;
                }
            }
            try {
                return nested().execute(status -> {
                    try {
                        return delegate.handle(message, target);
                    } catch (RuntimeException e) {
                        forgetTenant();
                        throw e;
                    } catch (Exception e) {
                        forgetTenant();
                        throw new Checked(e);
                    }
                });
            } catch (Checked e) {
                throw (Exception) e.getCause();
            }
        }
    }

    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
