package io.stockade.command.category;

import io.stockade.api.category.CategoryMessages.CategoryView;
import io.stockade.api.category.CategoryMessages.CreateCategoryCommand;
import io.stockade.api.category.CategoryMessages.DeleteCategoryCommand;
import io.stockade.api.category.CategoryMessages.FindCategoryQuery;
import io.stockade.api.category.CategoryMessages.UpdateCategoryCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.command.web.ReadYourWrites;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import io.stockade.platform.security.Roles;
import io.stockade.platform.web.IdempotencyKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
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

@RestController
@RequestMapping(path = "/api/categories", produces = MediaType.APPLICATION_JSON_VALUE)
class CategoryCommandController {
    private final CommandGateway commands;
    private final QueryGateway queries;

    CategoryCommandController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record CategoryBody(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String description,
            UUID parentId) {}

    record CategoryUpdate(
            @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String description) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    ResponseEntity<Map<String, Object>> create(@Valid @RequestBody CategoryBody body, CurrentUser user) {
        CategoryId id = new CategoryId(IdempotencyKeys.idFor("category"));
        commands.sendAndWait(new CreateCategoryCommand(
                id,
                user.tenantId(),
                body.name(),
                body.description(),
                body.parentId() == null ? null : new CategoryId(body.parentId())));
        CategoryView view =
                ReadYourWrites.await(() -> find(user, id), v -> true).orElseThrow();
        return ResponseEntity.created(URI.create("/api/categories/" + id)).body(Map.of("category", view));
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    Map<String, Object> update(@PathVariable UUID id, @Valid @RequestBody CategoryUpdate body, CurrentUser user) {
        CategoryId categoryId = new CategoryId(id);
        if (find(user, categoryId).isEmpty()) {
            throw ProblemException.notFound("Category");
        }
        commands.sendAndWait(new UpdateCategoryCommand(categoryId, user.tenantId(), body.name(), body.description()));
        CategoryView view = ReadYourWrites.await(
                        () -> find(user, categoryId),
                        v -> v.name().equals(body.name().strip())
                                && Objects.equals(v.description(), body.description()))
                .orElseThrow();
        return Map.of("category", view);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Roles.MANAGER_OR_ADMIN)
    Map<String, String> delete(@PathVariable UUID id, CurrentUser user) {
        CategoryId categoryId = new CategoryId(id);
        if (find(user, categoryId).isEmpty()) {
            throw ProblemException.notFound("Category");
        }
        commands.sendAndWait(new DeleteCategoryCommand(categoryId, user.tenantId()));
        ReadYourWrites.awaitGone(() -> find(user, categoryId));
        return Map.of("message", "Category deleted");
    }

    private Optional<CategoryView> find(CurrentUser user, CategoryId id) {
        return queries.query(
                        new FindCategoryQuery(user.tenantId(), id),
                        ResponseTypes.optionalInstanceOf(CategoryView.class))
                .join();
    }
}
