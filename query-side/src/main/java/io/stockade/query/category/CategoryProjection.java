package io.stockade.query.category;

import static io.stockade.query.jooq.Tables.CATEGORY_NODE;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryList;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryView;
import io.stockade.api.category.CategoryMessages.FindCategoriesQuery;
import io.stockade.api.category.CategoryMessages.FindCategoryQuery;
import io.stockade.platform.tenancy.Tenancy;
import io.stockade.platform.tenancy.TenantScope;
import io.stockade.query.jooq.tables.records.CategoryNodeRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** The category tree (two levels: categories and their sub-categories). */
@Component
@ProcessingGroup("category-tree")
class CategoryProjection {
    private final DSLContext dsl;
    private final TenantScope tenants;

    CategoryProjection(DSLContext dsl, TenantScope tenants) {
        this.dsl = dsl;
        this.tenants = tenants;
    }

    @EventHandler
    void on(CategoryCreatedEvent e, @Timestamp Instant at) {
        Tenancy.bind(dsl, e.tenantId());
        dsl.insertInto(CATEGORY_NODE)
                .set(CATEGORY_NODE.TENANT_ID, e.tenantId().value())
                .set(CATEGORY_NODE.CATEGORY_ID, e.categoryId().value())
                .set(CATEGORY_NODE.NAME, e.name())
                .set(CATEGORY_NODE.DESCRIPTION, e.description())
                .set(CATEGORY_NODE.PARENT_ID, e.parentId() == null ? null : e.parentId().value())
                .set(CATEGORY_NODE.CREATED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    @EventHandler
    void on(CategoryUpdatedEvent e) {
        Tenancy.bind(dsl, e.tenantId());
        dsl.update(CATEGORY_NODE).set(CATEGORY_NODE.NAME, e.name()).set(CATEGORY_NODE.DESCRIPTION, e.description())
                .where(CATEGORY_NODE.TENANT_ID.eq(e.tenantId().value()).and(CATEGORY_NODE.CATEGORY_ID.eq(e.categoryId().value())))
                .execute();
    }

    @EventHandler
    void on(CategoryDeletedEvent e) {
        Tenancy.bind(dsl, e.tenantId());
        dsl.deleteFrom(CATEGORY_NODE)
                .where(CATEGORY_NODE.TENANT_ID.eq(e.tenantId().value()).and(CATEGORY_NODE.CATEGORY_ID.eq(e.categoryId().value())))
                .execute();
    }

    @ResetHandler
    void reset() {
        dsl.truncate(CATEGORY_NODE).execute();
    }

    @QueryHandler
    CategoryList handle(FindCategoriesQuery q) {
        return tenants.read(q.tenantId(), d -> {
            List<CategoryNodeRecord> rows = dsl.selectFrom(CATEGORY_NODE)
                    .where(CATEGORY_NODE.TENANT_ID.eq(q.tenantId().value()))
                    .orderBy(CATEGORY_NODE.NAME.asc()).fetch();
            Map<UUID, List<CategoryView>> children = new LinkedHashMap<>();
            for (CategoryNodeRecord r : rows) {
                if (r.getParentId() != null) {
                    children.computeIfAbsent(r.getParentId(), k -> new ArrayList<>()).add(view(r, List.of()));
                }
            }
            List<CategoryView> roots = rows.stream().filter(r -> r.getParentId() == null)
                    .map(r -> view(r, children.getOrDefault(r.getCategoryId(), List.of()))).toList();
            return new CategoryList(roots);
        });
    }

    @QueryHandler
    Optional<CategoryView> handle(FindCategoryQuery q) {
        return tenants.read(q.tenantId(), d -> dsl.selectFrom(CATEGORY_NODE)
                .where(CATEGORY_NODE.TENANT_ID.eq(q.tenantId().value()).and(CATEGORY_NODE.CATEGORY_ID.eq(q.categoryId().value())))
                .fetchOptional(r -> view(r, List.of())));
    }

    private static CategoryView view(CategoryNodeRecord r, List<CategoryView> children) {
        return new CategoryView(r.getCategoryId().toString(), r.getName(), r.getDescription(),
                r.getParentId() == null ? null : r.getParentId().toString(), children);
    }
}
