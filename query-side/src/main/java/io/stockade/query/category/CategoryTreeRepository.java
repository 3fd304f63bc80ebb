package io.stockade.query.category;

import static io.stockade.query.jooq.Tables.CATEGORY_NODE;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.query.jooq.tables.records.CategoryNodeRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** All SQL of the category tree. Callers bind the tenant first. */
@Repository
class CategoryTreeRepository {
    private final DSLContext dsl;

    CategoryTreeRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(CategoryCreatedEvent e, Instant at) {
        dsl.insertInto(CATEGORY_NODE)
                .set(CATEGORY_NODE.TENANT_ID, e.tenantId().value())
                .set(CATEGORY_NODE.CATEGORY_ID, e.categoryId().value())
                .set(CATEGORY_NODE.NAME, e.name())
                .set(CATEGORY_NODE.DESCRIPTION, e.description())
                .set(
                        CATEGORY_NODE.PARENT_ID,
                        e.parentId() == null ? null : e.parentId().value())
                .set(CATEGORY_NODE.CREATED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    void update(UUID tenant, UUID category, String name, String description) {
        dsl.update(CATEGORY_NODE)
                .set(CATEGORY_NODE.NAME, name)
                .set(CATEGORY_NODE.DESCRIPTION, description)
                .where(CATEGORY_NODE.TENANT_ID.eq(tenant).and(CATEGORY_NODE.CATEGORY_ID.eq(category)))
                .execute();
    }

    void delete(UUID tenant, UUID category) {
        dsl.deleteFrom(CATEGORY_NODE)
                .where(CATEGORY_NODE.TENANT_ID.eq(tenant).and(CATEGORY_NODE.CATEGORY_ID.eq(category)))
                .execute();
    }

    void truncate() {
        dsl.truncate(CATEGORY_NODE).execute();
    }

    List<CategoryNodeRecord> all(UUID tenant) {
        return dsl.selectFrom(CATEGORY_NODE)
                .where(CATEGORY_NODE.TENANT_ID.eq(tenant))
                .orderBy(CATEGORY_NODE.NAME.asc())
                .fetch();
    }

    Optional<CategoryNodeRecord> find(UUID tenant, UUID category) {
        return dsl.selectFrom(CATEGORY_NODE)
                .where(CATEGORY_NODE.TENANT_ID.eq(tenant).and(CATEGORY_NODE.CATEGORY_ID.eq(category)))
                .fetchOptional();
    }
}
