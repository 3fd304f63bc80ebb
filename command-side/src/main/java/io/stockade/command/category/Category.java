package io.stockade.command.category;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryState;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.category.CategoryMessages.DeleteCategoryCommand;
import io.stockade.api.category.CategoryMessages.UpdateCategoryCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.platform.errors.DomainRuleViolation;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/** A category, or a sub-category when it has a parent. Name checks live in {@link CategoryCommands}. */
@Aggregate
class Category {
    @AggregateIdentifier
    private CategoryId categoryId;

    private TenantId tenantId;
    private CategoryId parentId;
    private boolean deleted;

    Category() {}

    Category(CategoryCreatedEvent created) {
        apply(created);
    }

    CategoryState update(UpdateCategoryCommand cmd) {
        guard(cmd.tenantId());
        apply(new CategoryUpdatedEvent(categoryId, tenantId, cmd.name().strip(), cmd.description()));
        return new CategoryState(categoryId, cmd.name().strip(), cmd.description(), parentId);
    }

    void delete(DeleteCategoryCommand cmd) {
        guard(cmd.tenantId());
        apply(new CategoryDeletedEvent(categoryId, tenantId));
    }

    private void guard(TenantId tenant) {
        if (!tenantId.equals(tenant) || deleted) {
            throw DomainRuleViolation.notFound("Category");
        }
    }

    @EventSourcingHandler
    void on(CategoryCreatedEvent e) {
        categoryId = e.categoryId();
        tenantId = e.tenantId();
        parentId = e.parentId();
    }

    @EventSourcingHandler
    void on(CategoryDeletedEvent e) {
        deleted = true;
        AggregateLifecycle.markDeleted();
    }
}
