package io.stockade.command.category;

import io.stockade.api.category.CategoryMessages.CategoryState;
import io.stockade.api.category.CategoryMessages.CategoryView;
import io.stockade.api.category.CategoryMessages.CreateCategoryCommand;
import io.stockade.api.category.CategoryMessages.DeleteCategoryCommand;
import io.stockade.api.category.CategoryMessages.UpdateCategoryCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.AwaitsProjections;
import io.stockade.platform.web.IdempotencyKeys;
import io.stockade.platform.web.MessageAnswer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Category writes. Answers come from the command's result; the tree's read model is never asked. */
@RestController
@RequestMapping(path = "/api/categories", produces = MediaType.APPLICATION_JSON_VALUE)
class CategoryCommandController {
    private static final String TREE = "category-tree";
    private final CommandGateway commands;

    CategoryCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    record CategoryBody(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String description,
            UUID parentId) {}

    record CategoryUpdate(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String description) {}

    /** Seed 004's answer to a category write: {@code {"category": …}}. */
    record CategoryAnswer(CategoryView category) {
        static CategoryAnswer of(CategoryState s) {
            return new CategoryAnswer(new CategoryView(
                    s.categoryId().toString(),
                    s.name(),
                    s.description(),
                    s.parentId() == null ? null : s.parentId().toString(),
                    List.of()));
        }
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(TREE)
    ResponseEntity<CategoryAnswer> create(@Valid @RequestBody CategoryBody body, CurrentUser user) {
        CategoryId id = new CategoryId(IdempotencyKeys.idFor("category"));
        CategoryState created = commands.sendAndWait(new CreateCategoryCommand(
                id,
                user.tenantId(),
                body.name(),
                body.description(),
                body.parentId() == null ? null : new CategoryId(body.parentId())));
        return ResponseEntity.created(URI.create("/api/categories/" + id)).body(CategoryAnswer.of(created));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(TREE)
    CategoryAnswer update(@PathVariable UUID id, @Valid @RequestBody CategoryUpdate body, CurrentUser user) {
        CategoryState updated = commands.sendAndWait(
                new UpdateCategoryCommand(new CategoryId(id), user.tenantId(), body.name(), body.description()));
        return CategoryAnswer.of(updated);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    @AwaitsProjections(TREE)
    MessageAnswer delete(@PathVariable UUID id, CurrentUser user) {
        commands.sendAndWait(new DeleteCategoryCommand(new CategoryId(id), user.tenantId()));
        return new MessageAnswer("Category deleted");
    }
}
