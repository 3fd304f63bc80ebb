package io.stockade.query.security;

import io.stockade.api.common.UserId;
import io.stockade.api.identity.SecurityMessages.FindSecurityEventsQuery;
import io.stockade.api.identity.SecurityMessages.SecurityEventPage;
import io.stockade.api.identity.SecurityMessages.SecurityEventType;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.Paging;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/security/events}: filters {@code userId}, {@code type} (comma-separated), {@code from}, {@code to}. */
@RestController
class SecurityEventController {
    private final QueryGateway queries;

    SecurityEventController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/api/security/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN_OR_AUDITOR)
    SecurityEventPage list(
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String limit,
            CurrentUser user) {
        Paging paging = Paging.of(page, limit);
        UserId who = null;
        if (userId != null && !userId.isBlank()) {
            try {
                who = new UserId(UUID.fromString(userId.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.validation("userId", "userId must be a UUID");
            }
        }
        List<SecurityEventType> types = new ArrayList<>();
        if (type != null && !type.isBlank()) {
            for (String t : type.split(",")) {
                try {
                    types.add(SecurityEventType.valueOf(t.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.validation(
                            "type", "type must be one or more of " + Arrays.toString(SecurityEventType.values()));
                }
            }
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ProblemException.validation("to", "to must be after from");
        }
        return queries.query(
                        new FindSecurityEventsQuery(
                                user.tenantId(), who, types, start, end, paging.page(), paging.limit()),
                        SecurityEventPage.class)
                .join();
    }

    private static Instant instant(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(
                    field, field + " must be an ISO-8601 instant such as 2026-11-23T08:00:00Z");
        }
    }
}
