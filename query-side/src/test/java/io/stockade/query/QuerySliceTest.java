package io.stockade.query;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.stockade.platform.tenancy.TenantScope;
import io.stockade.testsupport.web.RoleMatrix.Caller;
import io.stockade.testsupport.web.RoleMatrix.Endpoint;
import io.stockade.testsupport.web.SecuritySlice;
import io.stockade.testsupport.web.WebSliceTest;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.messaging.responsetypes.OptionalResponseType;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A web slice of the query side: the read controllers behind the real security chain, with the query bus
 * mocked. Subclasses share one Spring context (same annotations, same configuration).
 */
@WebMvcTest(
        useDefaultFilters = false,
        includeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = {
                            "io\\.stockade\\.query\\.inventory\\.(InventoryQueryController|InventoryStreamController)",
                            "io\\.stockade\\.query\\.(ledger|reports|dashboard|category|identity|security|audit)\\..*Controller"
                        }),
        properties = {
            SecuritySlice.PROPERTY_DATA_DIR,
            SecuritySlice.PROPERTY_ANONYMOUS_LIMIT,
            SecuritySlice.PROPERTY_USER_LIMIT
        })
public abstract class QuerySliceTest extends WebSliceTest {
    @Autowired
    protected QueryGateway queries;

    @Autowired
    protected TenantScope tenants;

    @Override
    protected Object bus() {
        return queries;
    }

    /** A tenant-bound read runs its work (the mocked repositories stream nothing). */
    @BeforeEach
    void runTenantReads() {
        when(tenants.read(any(), any()))
                .thenAnswer(call -> call.<Supplier<?>>getArgument(1).get());
    }

    /** Answers every query with an empty value of the expected type: a record of empty lists and zeros. */
    protected void answerQueries() {
        answerQueries(query -> null);
    }

    /**
     * Answers every query: with {@code answer}'s result when it has one, otherwise with an empty value of the
     * expected type (a record of empty lists and zeros, also inside an optional).
     */
    protected void answerQueries(Function<Object, Object> answer) {
        when(queries.query(any(), any(Class.class)))
                .thenAnswer(call ->
                        CompletableFuture.completedFuture(Optional.ofNullable(answer.apply(call.getArgument(0)))
                                .orElseGet(() -> empty(call.<Class<?>>getArgument(1)))));
        when(queries.query(any(), any(ResponseType.class))).thenAnswer(call -> {
            ResponseType<?> type = call.getArgument(1);
            Object found = Optional.ofNullable(answer.apply(call.getArgument(0)))
                    .orElseGet(() -> empty(type.getExpectedResponseType()));
            return CompletableFuture.completedFuture(
                    type instanceof OptionalResponseType<?> ? Optional.of(found) : found);
        });
    }

    /** Answers every look-up of one thing with "not there". */
    protected void answerNotFound() {
        when(queries.query(any(), any(ResponseType.class)))
                .thenAnswer(call -> CompletableFuture.completedFuture(Optional.empty()));
    }

    /** One cell of a role matrix, with every query answered by an empty value. */
    @Override
    protected void expectMatrixCell(Endpoint endpoint, Caller caller, Object... collaborators) throws Exception {
        answerQueries();
        super.expectMatrixCell(endpoint, caller, collaborators);
    }

    /** A bad parameter, sent by an Admin, is a 400 problem naming the field, refused before anything is read. */
    protected void expectRefused(MockHttpServletRequestBuilder request, String field, Object... collaborators)
            throws Exception {
        answerQueries();
        expectRefused(request, Caller.ADMIN, field, collaborators);
    }

    static Object empty(Class<?> type) {
        if (type == long.class || type == Long.class) {
            return 0L;
        }
        if (type == int.class || type == Integer.class) {
            return 0;
        }
        if (type == double.class || type == Double.class) {
            return 0.0;
        }
        if (type == boolean.class || type == Boolean.class) {
            return false;
        }
        if (type == String.class) {
            return "";
        }
        if (List.class.isAssignableFrom(type)) {
            return List.of();
        }
        if (Map.class.isAssignableFrom(type)) {
            return Map.of();
        }
        if (type.isRecord()) {
            RecordComponent[] parts = type.getRecordComponents();
            try {
                Constructor<?> canonical = type.getDeclaredConstructor(
                        Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new));
                canonical.setAccessible(true);
                return canonical.newInstance(Arrays.stream(parts)
                        .map(p -> p.getType().isRecord() ? null : empty(p.getType()))
                        .toArray());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build an empty " + type.getName(), e);
            }
        }
        return null;
    }
}
