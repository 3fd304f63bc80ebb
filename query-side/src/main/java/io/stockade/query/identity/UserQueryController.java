package io.stockade.query.identity;

import io.stockade.api.common.UserId;
import io.stockade.api.identity.IdentityMessages.FindUserQuery;
import io.stockade.api.identity.IdentityMessages.FindUsersQuery;
import io.stockade.api.identity.IdentityMessages.LookupUsersQuery;
import io.stockade.api.identity.IdentityMessages.UserList;
import io.stockade.api.identity.IdentityMessages.UserLookupList;
import io.stockade.api.identity.IdentityMessages.UserView;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserQueryController {
    private final QueryGateway queries;

    UserQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/users", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    UserList list(CurrentUser user) {
        return queries.query(new FindUsersQuery(user.tenantId()), UserList.class)
                .join();
    }

    @GetMapping(path = "/api/users/lookup", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.READ_ALL)
    UserLookupList lookup(@RequestParam(required = false) String search, CurrentUser user) {
        if (search != null && search.length() > 50) {
            throw ProblemException.validation("search", "search must be at most 50 characters");
        }
        return queries.query(new LookupUsersQuery(user.tenantId(), search, 20), UserLookupList.class)
                .join();
    }

    @GetMapping(path = "/api/users/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    Map<String, UserView> one(@PathVariable UUID id, CurrentUser user) {
        return Map.of("user", find(user, new UserId(id)));
    }

    @GetMapping(path = "/api/profile", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, UserView> profile(CurrentUser user) {
        return Map.of("user", find(user, user.userId()));
    }

    private UserView find(CurrentUser user, UserId id) {
        return queries.query(new FindUserQuery(user.tenantId(), id), ResponseTypes.optionalInstanceOf(UserView.class))
                .join()
                .orElseThrow(() -> ProblemException.notFound("User"));
    }
}
