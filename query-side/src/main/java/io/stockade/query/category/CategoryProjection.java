package io.stockade.query.category;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryList;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryView;
import io.stockade.api.category.CategoryMessages.FindCategoriesQuery;
import io.stockade.api.category.CategoryMessages.FindCategoryQuery;
import io.stockade.query.jooq.tables.records.CategoryNodeRecord;
import java.time.Instant;
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
import org.springframework.stereotype.Component;

/** The category tree (two levels: categories and their sub-categories). */
@Component
@ProcessingGroup("category-tree")
class CategoryProjection {
    private final CategoryTreeRepository tree;

    CategoryProjection(CategoryTreeRepository tree) {
        this.tree = tree;
    }

    @EventHandler
    void on(CategoryCreatedEvent e, @Timestamp Instant at) {
        tree.insert(e, at);
    }

    @EventHandler
    void on(CategoryUpdatedEvent e) {
        tree.update(e.tenantId().value(), e.categoryId().value(), e.name(), e.description());
    }

    @EventHandler
    void on(CategoryDeletedEvent e) {
        tree.delete(e.tenantId().value(), e.categoryId().value());
    }

    @ResetHandler
    void reset() {
        tree.truncate();
    }

    @QueryHandler
    CategoryList handle(FindCategoriesQuery q) {
        List<CategoryNodeRecord> rows = tree.all(q.tenantId().value());
        Map<UUID, List<CategoryView>> children = new LinkedHashMap<>();
        for (CategoryNodeRecord r : rows) {
            if (r.getParentId() != null) {
                children.computeIfAbsent(r.getParentId(), k -> new ArrayList<>())
                        .add(view(r, List.of()));
            }
        }
        return new CategoryList(rows.stream()
                .filter(r -> r.getParentId() == null)
                .map(r -> view(r, children.getOrDefault(r.getCategoryId(), List.of())))
                .toList());
    }

    @QueryHandler
    Optional<CategoryView> handle(FindCategoryQuery q) {
        return tree.find(q.tenantId().value(), q.categoryId().value()).map(r -> view(r, List.of()));
    }

    private static CategoryView view(CategoryNodeRecord r, List<CategoryView> children) {
        return new CategoryView(
                r.getCategoryId().toString(),
                r.getName(),
                r.getDescription(),
                r.getParentId() == null ? null : r.getParentId().toString(),
                children);
    }
}
