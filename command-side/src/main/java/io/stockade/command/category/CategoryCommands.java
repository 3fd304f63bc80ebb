package io.stockade.command.category;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryState;
import io.stockade.api.category.CategoryMessages.CreateCategoryCommand;
import io.stockade.api.category.CategoryMessages.DeleteCategoryCommand;
import io.stockade.api.category.CategoryMessages.UpdateCategoryCommand;
import io.stockade.platform.errors.DomainRuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Category commands: the name look-up and the aggregate change in one transaction. */
@Component
class CategoryCommands {
    private final Repository<Category> repository;
    private final CategoryRules rules;

    CategoryCommands(Repository<Category> repository, CategoryRules rules) {
        this.repository = repository;
        this.rules = rules;
    }

    @CommandHandler
    CategoryState handle(CreateCategoryCommand cmd) throws Exception {
        if (cmd.parentId() != null) {
            var parent = rules.find(cmd.tenantId(), cmd.parentId())
                    .orElseThrow(() -> DomainRuleViolation.invalid("parentId", "Unknown parent category"));
            if (parent.getParentId() != null) {
                throw DomainRuleViolation.invalid("parentId", "Sub-categories cannot have sub-categories");
            }
        }
        if (!rules.claimName(cmd.tenantId(), cmd.categoryId(), cmd.name(), cmd.parentId())) {
            throw DomainRuleViolation.duplicate(
                    "name", "A category named '" + cmd.name().strip() + "' already exists");
        }
        CategoryCreatedEvent created = new CategoryCreatedEvent(
                cmd.categoryId(), cmd.tenantId(), cmd.name().strip(), cmd.description(), cmd.parentId());
        repository.newInstance(() -> new Category(created));
        return new CategoryState(created.categoryId(), created.name(), created.description(), created.parentId());
    }

    @CommandHandler
    CategoryState handle(UpdateCategoryCommand cmd) {
        var category = repository.load(cmd.categoryId().toString());
        CategoryState state = category.invoke(c -> c.update(cmd));
        if (!rules.rename(cmd.tenantId(), cmd.categoryId(), cmd.name())) {
            throw DomainRuleViolation.duplicate(
                    "name", "A category named '" + cmd.name().strip() + "' already exists");
        }
        return state;
    }

    @CommandHandler
    void handle(DeleteCategoryCommand cmd) {
        var category = repository.load(cmd.categoryId().toString());
        if (rules.hasChildren(cmd.tenantId(), cmd.categoryId())) {
            throw DomainRuleViolation.rule("category-has-children", "Delete or move its sub-categories first");
        }
        category.execute(c -> c.delete(cmd));
        rules.release(cmd.tenantId(), cmd.categoryId());
    }
}
