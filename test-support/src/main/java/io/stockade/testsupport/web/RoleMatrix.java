package io.stockade.testsupport.web;

import io.stockade.api.common.Role;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Endpoint × caller: every endpoint is tried without a token and with each role's token, and the expected
 * status follows from the roles the README's API table allows. Listing the allowed roles (not the refused
 * ones) means a new role is refused everywhere until someone says otherwise.
 */
public final class RoleMatrix {
    private RoleMatrix() {}

    /** Who calls: nobody signed in, or one role. */
    public enum Caller {
        ANONYMOUS(null),
        ADMIN(Role.ADMIN),
        MANAGER(Role.MANAGER),
        STAFF(Role.STAFF),
        AUDITOR(Role.AUDITOR);

        private final Role role;

        Caller(Role role) {
            this.role = role;
        }

        public Optional<Role> role() {
            return Optional.ofNullable(role);
        }
    }

    /**
     * One endpoint of the API table and who may call it.
     *
     * @param name     what the test report shows, e.g. {@code "POST /api/inventory"}
     * @param request  a fresh request each time (a builder is used once)
     * @param allowed  the roles the API table allows
     * @param success  the status an allowed role gets when the collaborators answer
     */
    public record Endpoint(
            String name, Supplier<MockHttpServletRequestBuilder> request, Set<Role> allowed, int success) {

        public int expectedFor(Caller caller) {
            return caller.role().map(r -> allowed.contains(r) ? success : 403).orElse(401);
        }

        public boolean allows(Caller caller) {
            return caller.role().map(allowed::contains).orElse(false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static Endpoint endpoint(
            String name, Supplier<MockHttpServletRequestBuilder> request, int success, Role... allowed) {
        return new Endpoint(
                name,
                request,
                allowed.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(Arrays.asList(allowed)),
                success);
    }

    /** Every role, for endpoints open to anyone signed in. */
    public static Role[] everyone() {
        return Role.values();
    }

    /** One case per endpoint and caller, for {@code @MethodSource}. */
    public static Stream<Arguments> cases(Endpoint... endpoints) {
        return Arrays.stream(endpoints)
                .flatMap(e -> Arrays.stream(Caller.values()).map(c -> Arguments.of(e, c)));
    }
}
