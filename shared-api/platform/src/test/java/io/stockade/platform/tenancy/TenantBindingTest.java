package io.stockade.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.common.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.queryhandling.GenericQueryMessage;
import org.junit.jupiter.api.Test;

class TenantBindingTest {
    record Tenanted(TenantId tenantId, String name) {}

    record Untenanted(String name) {}

    record NamedLikeATenant(String tenantId) {}

    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final List<String> calls = new ArrayList<>();

    /** Records what the interceptor asks of the scope, in order with the handler's own step. */
    private final TenantScope scope = new TenantScope(null, null) {
        @Override
        public void bind(TenantId t) {
            calls.add("bind " + t);
        }

        @Override
        public <T> T read(TenantId t, Supplier<T> work) {
            calls.add("read " + t);
            T result = work.get();
            calls.add("end read");
            return result;
        }
    };

    private final TenantBinding binding = new TenantBinding(() -> scope);

    @Test
    void shouldBindAnEventToItsPayloadsTenantBeforeItsHandlerRuns() throws Exception {
        Object result = handle(GenericEventMessage.asEventMessage(new Tenanted(tenant, "x")));

        assertThat(result).isEqualTo("handled");
        assertThat(calls).containsExactly("bind " + tenant, "handler");
    }

    @Test
    void shouldRunAQueryHandlerInsideAReadOfItsTenant() throws Exception {
        Object result =
                handle(new GenericQueryMessage<>(new Tenanted(tenant, "x"), ResponseTypes.instanceOf(String.class)));

        assertThat(result).isEqualTo("handled");
        assertThat(calls).containsExactly("read " + tenant, "handler", "end read");
    }

    @Test
    void shouldLeaveAMessageWithoutATenantUnbound() throws Exception {
        handle(GenericEventMessage.asEventMessage(new Untenanted("x")));
        handle(GenericEventMessage.asEventMessage(new NamedLikeATenant("not a TenantId")));

        assertThat(calls).containsExactly("handler", "handler");
    }

    private Object handle(Message<?> message) throws Exception {
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            return binding.handle(unitOfWork, () -> {
                calls.add("handler");
                return "handled";
            });
        } finally {
            unitOfWork.rollback();
        }
    }
}
