package io.stockade.platform.axon;

import java.lang.reflect.Executable;
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
 */
public class SavepointPerEvent implements HandlerEnhancerDefinition {
    private final ObjectProvider<PlatformTransactionManager> transactions;
    private volatile TransactionTemplate nested;

    public SavepointPerEvent(ObjectProvider<PlatformTransactionManager> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        boolean projection = original.canHandleMessageType(EventMessage.class)
                && original.unwrap(Executable.class)
                .map(e -> e.getDeclaringClass().isAnnotationPresent(ProcessingGroup.class))
                .orElse(false);
        return projection ? new Wrapped<>(original) : original;
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

        Wrapped(MessageHandlingMember<T> delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            try {
                return nested().execute(status -> {
                    try {
                        return delegate.handle(message, target);
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
    }

    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
