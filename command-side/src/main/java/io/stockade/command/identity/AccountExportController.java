package io.stockade.command.identity;

import io.stockade.api.common.UserId;
import io.stockade.api.identity.PersonalDataMessages.AccountData;
import io.stockade.api.identity.PersonalDataMessages.FindAccountDataQuery;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the command side keeps about a person (account, sessions, MFA enrolled or not, alert preferences, mails), the
 * identity part of their GDPR export, for the query side of split services on PostgreSQL: there no query travels
 * between processes, so the query side's export asks this endpoint over HTTP with the caller's own token. Read from
 * the command side's own tables ({@link AccountDataQueries}), not through the query bus. The same people may read it
 * as may read the whole export.
 */
@RestController
class AccountExportController {
    private final AccountDataQueries accountData;

    AccountExportController(AccountDataQueries accountData) {
        this.accountData = accountData;
    }

    @GetMapping(path = "/api/users/{id}/export/account", produces = MediaType.APPLICATION_JSON_VALUE)
    AccountData account(@PathVariable UUID id, CurrentUser caller) {
        UserId person = new UserId(id);
        caller.requireAdminOrSelf(person);
        return accountData
                .handle(new FindAccountDataQuery(caller.tenantId(), person))
                .orElseThrow(() -> ProblemException.notFound("User"));
    }
}
