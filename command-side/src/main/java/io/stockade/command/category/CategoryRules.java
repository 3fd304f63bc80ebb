package io.stockade.command.category;

import static io.stockade.command.jooq.Tables.CATEGORY_NAME;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.command.jooq.tables.records.CategoryNameRecord;
import io.stockade.platform.errors.DomainRuleViolation;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * The command side's own view of categories: unique names per organisation and the parent links,
 * written in the same transaction as the category events.
 */
@Repository
public class CategoryRules {
    private final DSLContext dsl;

    CategoryRules(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A sub-category must belong to the given category; both must exist in the organisation. */
    public void requireCategoryPair(TenantId tenant, CategoryId category, CategoryId subCategory) {
        if (category != null) {
            CategoryNameRecord c = find(tenant, category)
                    .orElseThrow(() -> DomainRuleViolation.invalid("categoryId", "Unknown category"));
            if (c.getParentId() != null) {
                throw DomainRuleViolation.invalid(
                        "categoryId",
                        "categoryId must be a top-level category; " + "put sub-categories in subCategoryId");
            }
        }
        if (subCategory != null) {
            CategoryNameRecord s = find(tenant, subCategory)
                    .orElseThrow(() -> DomainRuleViolation.invalid("subCategoryId", "Unknown sub-category"));
            if (category == null || s.getParentId() == null || !s.getParentId().equals(category.value())) {
                throw DomainRuleViolation.invalid("subCategoryId", "The sub-category does not belong to the category");
            }
        }
    }

    public boolean exists(TenantId tenant, CategoryId id) {
        return find(tenant, id).isPresent();
    }

    Optional<CategoryNameRecord> find(TenantId tenant, CategoryId id) {
        return dsl.selectFrom(CATEGORY_NAME)
                .where(CATEGORY_NAME.TENANT_ID.eq(tenant.value()).and(CATEGORY_NAME.CATEGORY_ID.eq(id.value())))
                .fetchOptional();
    }

    boolean claimName(TenantId tenant, CategoryId id, String name, CategoryId parent) {
        return dsl.insertInto(CATEGORY_NAME)
                        .set(CATEGORY_NAME.TENANT_ID, tenant.value())
                        .set(CATEGORY_NAME.NAME_KEY, key(name))
                        .set(CATEGORY_NAME.NAME, name.strip())
                        .set(CATEGORY_NAME.CATEGORY_ID, id.value())
                        .set(CATEGORY_NAME.PARENT_ID, parent == null ? null : parent.value())
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    /** Renames: claims the new name first so a taken name fails before the old one is released. */
    boolean rename(TenantId tenant, CategoryId id, String newName) {
        CategoryNameRecord current = find(tenant, id).orElseThrow(() -> DomainRuleViolation.notFound("Category"));
        if (current.getNameKey().equals(key(newName))) {
            rememberName(tenant, id, newName);
            return true;
        }
        int moved = dsl.update(CATEGORY_NAME)
                .set(CATEGORY_NAME.NAME_KEY, key(newName))
                .set(CATEGORY_NAME.NAME, newName.strip())
                .where(CATEGORY_NAME.TENANT_ID.eq(tenant.value()).and(CATEGORY_NAME.CATEGORY_ID.eq(id.value())))
                .andNotExists(dsl.selectOne()
                        .from(CATEGORY_NAME.as("other"))
                        .where(CATEGORY_NAME
                                .as("other")
                                .TENANT_ID
                                .eq(tenant.value())
                                .and(CATEGORY_NAME.as("other").NAME_KEY.eq(key(newName)))))
                .execute();
        return moved == 1;
    }

    /** Keeps the name as written (a change of case only, or a row from before names were kept). */
    void rememberName(TenantId tenant, CategoryId id, String name) {
        dsl.update(CATEGORY_NAME)
                .set(CATEGORY_NAME.NAME, name.strip())
                .where(CATEGORY_NAME.TENANT_ID.eq(tenant.value()).and(CATEGORY_NAME.CATEGORY_ID.eq(id.value())))
                .execute();
    }

    boolean hasChildren(TenantId tenant, CategoryId id) {
        return dsl.fetchExists(
                CATEGORY_NAME, CATEGORY_NAME.TENANT_ID.eq(tenant.value()).and(CATEGORY_NAME.PARENT_ID.eq(id.value())));
    }

    void release(TenantId tenant, CategoryId id) {
        dsl.deleteFrom(CATEGORY_NAME)
                .where(CATEGORY_NAME.TENANT_ID.eq(tenant.value()).and(CATEGORY_NAME.CATEGORY_ID.eq(id.value())))
                .execute();
    }

    static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
