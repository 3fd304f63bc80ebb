package io.stockade.command.inventory;

import io.stockade.api.category.CategoryDirectory;
import io.stockade.api.category.CategoryDirectory.CategoryEntry;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.platform.errors.DomainRuleViolation;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** An item's categories as the category feature's directory knows them (through the contract only). */
@Component
class ItemCategories {
    private final CategoryDirectory directory;

    ItemCategories(CategoryDirectory directory) {
        this.directory = directory;
    }

    /** A sub-category must belong to the given category; both must exist in the organisation. */
    void requirePair(TenantId tenant, CategoryId category, CategoryId subCategory) {
        if (category != null) {
            CategoryEntry c = directory
                    .find(tenant, category)
                    .orElseThrow(() -> DomainRuleViolation.invalid("categoryId", "Unknown category"));
            if (c.parentId() != null) {
                throw DomainRuleViolation.invalid(
                        "categoryId", "categoryId must be a top-level category; put sub-categories in subCategoryId");
            }
        }
        if (subCategory != null) {
            CategoryEntry s = directory
                    .find(tenant, subCategory)
                    .orElseThrow(() -> DomainRuleViolation.invalid("subCategoryId", "Unknown sub-category"));
            if (category == null || !category.equals(s.parentId())) {
                throw DomainRuleViolation.invalid("subCategoryId", "The sub-category does not belong to the category");
            }
        }
    }

    /**
     * Checks the categories a request names; ones the item merely kept are dropped when they were deleted
     * meanwhile, as the read model drops them, so that a change of name never brings a deleted category back.
     */
    CategoryPair settle(TenantId tenant, CategoryPair pair) {
        if (pair.requested()) {
            requirePair(tenant, pair.category(), pair.subCategory());
            return pair;
        }
        CategoryId category = exists(tenant, pair.category()) ? pair.category() : null;
        CategoryId sub = category != null && exists(tenant, pair.subCategory()) ? pair.subCategory() : null;
        return new CategoryPair(category, sub, false);
    }

    Optional<CategoryEntry> find(TenantId tenant, CategoryId id) {
        return id == null ? Optional.empty() : directory.find(tenant, id);
    }

    private boolean exists(TenantId tenant, CategoryId id) {
        return find(tenant, id).isPresent();
    }
}
