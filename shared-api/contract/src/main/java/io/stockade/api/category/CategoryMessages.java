package io.stockade.api.category;

import io.stockade.api.common.CategoryId;
import io.stockade.api.common.MessageType;
import io.stockade.api.common.Nullable;
import io.stockade.api.common.TenantId;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;

/** Categories and sub-categories (a category with a parent). Names are unique per organisation. */
public final class CategoryMessages {
    private CategoryMessages() {}

    @MessageType("stockade.category.CreateCategory")
    public record CreateCategoryCommand(
            @TargetAggregateIdentifier CategoryId categoryId,
            TenantId tenantId,
            String name,
            String description,
            CategoryId parentId) {}

    @MessageType("stockade.category.UpdateCategory")
    public record UpdateCategoryCommand(
            @TargetAggregateIdentifier CategoryId categoryId, TenantId tenantId, String name, String description) {}

    @MessageType("stockade.category.DeleteCategory")
    public record DeleteCategoryCommand(
            @TargetAggregateIdentifier CategoryId categoryId, TenantId tenantId) {}

    @MessageType("stockade.category.CategoryCreated")
    @Revision("1")
    public record CategoryCreatedEvent(
            CategoryId categoryId, TenantId tenantId, String name, String description, CategoryId parentId) {}

    @MessageType("stockade.category.CategoryUpdated")
    @Revision("1")
    public record CategoryUpdatedEvent(CategoryId categoryId, TenantId tenantId, String name, String description) {}

    @MessageType("stockade.category.CategoryDeleted")
    @Revision("1")
    public record CategoryDeletedEvent(CategoryId categoryId, TenantId tenantId) {}

    /** What a category command reports back: the category as it left it, for the write's answer. */
    public record CategoryState(CategoryId categoryId, String name, String description, CategoryId parentId) {}

    public record FindCategoriesQuery(TenantId tenantId) {}

    public record FindCategoryQuery(TenantId tenantId, CategoryId categoryId) {}

    public record CategoryView(
            String id,
            String name,
            @Nullable String description,
            @Nullable String parentId,
            List<CategoryView> children) {}

    public record CategoryList(List<CategoryView> categories) {}
}
