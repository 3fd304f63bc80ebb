package io.stockade.api.category;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import java.util.Optional;

/**
 * The command side's categories as other write features may see them: whether one exists, its name and its
 * parent, answered from the category feature's own look-up table (never a read model). Inventory checks an
 * item's category pair and names the categories in its answers through this, without depending on the
 * category feature's classes.
 */
public interface CategoryDirectory {

    Optional<CategoryEntry> find(TenantId tenant, CategoryId id);

    record CategoryEntry(CategoryId id, String name, CategoryId parentId) {}
}
