package io.stockade.query.category;

import io.stockade.api.category.CategoryMessages.CategoryList;
import io.stockade.api.category.CategoryMessages.CategoryView;
import io.stockade.api.category.CategoryMessages.FindCategoriesQuery;
import io.stockade.api.category.CategoryMessages.FindCategoryQuery;
import io.stockade.api.common.CategoryId;
import io.stockade.platform.errors.ProblemException;
import io.stockade.platform.security.CurrentUser;
import java.util.Map;
import java.util.UUID;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/categories", produces = MediaType.APPLICATION_JSON_VALUE)
class CategoryQueryController {
    private final QueryGateway queries;

    CategoryQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    CategoryList list(CurrentUser user) {
        return queries.query(new FindCategoriesQuery(user.tenantId()), CategoryList.class)
                .join();
    }

    @GetMapping("/{id}")
    Map<String, CategoryView> one(@PathVariable UUID id, CurrentUser user) {
        return Map.of(
                "category",
                queries.query(
                                new FindCategoryQuery(user.tenantId(), new CategoryId(id)),
                                ResponseTypes.optionalInstanceOf(CategoryView.class))
                        .join()
                        .orElseThrow(() -> ProblemException.notFound("Category")));
    }
}
