package io.stockade.command.identity;

import static io.stockade.command.jooq.Tables.ORGANISATION;

import io.stockade.api.common.TenantId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

@Repository
class OrganisationRepository {
    private final DSLContext dsl;

    OrganisationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** False when the organisation exists already (another node created it first). */
    boolean create(TenantId id, String name) {
        return dsl.insertInto(ORGANISATION)
                        .set(ORGANISATION.TENANT_ID, id.value())
                        .set(ORGANISATION.NAME, name)
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }
}
