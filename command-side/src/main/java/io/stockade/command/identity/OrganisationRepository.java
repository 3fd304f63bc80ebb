package io.stockade.command.identity;

import static io.stockade.command.jooq.Tables.ORGANISATION;

import io.stockade.api.common.TenantId;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

@Repository
class OrganisationRepository {
    private final DSLContext dsl;

    OrganisationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<TenantId> first() {
        return dsl.select(ORGANISATION.TENANT_ID).from(ORGANISATION).orderBy(ORGANISATION.CREATED_AT).limit(1)
                .fetchOptional(r -> new TenantId(r.value1()));
    }

    void create(TenantId id, String name) {
        dsl.insertInto(ORGANISATION).set(ORGANISATION.TENANT_ID, id.value()).set(ORGANISATION.NAME, name).execute();
    }
}
