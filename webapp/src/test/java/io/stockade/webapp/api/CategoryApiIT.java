package io.stockade.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.webapp.support.Api;
import io.stockade.webapp.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoryApiIT extends ApiTestBase {

    @Test
    void shouldBuildACategoryTreeWithUniqueNamesPerOrganisation() {
        String name = "Electrical " + shortId();
        Api.Response parent =
                manager().post("/api/categories", Map.of("name", name, "description", "cables and plugs"));
        assertThat(parent.status()).isEqualTo(201);
        String parentId = parent.at("/category/id").asText();
        Api.Response child =
                manager().post("/api/categories", Map.of("name", "Cables " + shortId(), "parentId", parentId));
        assertThat(child.status()).isEqualTo(201);
        String childId = child.at("/category/id").asText();

        Api.Response duplicate = admin().post("/api/categories", Map.of("name", name.toUpperCase()));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.at("/errors/0/field").asText()).isEqualTo("name");
        assertThat(otherOrganisationAdmin()
                        .post("/api/categories", Map.of("name", name))
                        .status())
                .isEqualTo(201);

        Api.Response grandChild =
                manager().post("/api/categories", Map.of("name", "Too deep " + shortId(), "parentId", childId));
        assertThat(grandChild.status()).isEqualTo(400);
        assertThat(staff().post("/api/categories", Map.of("name", "Nope " + shortId()))
                        .status())
                .isEqualTo(403);
        assertThat(auditor()
                        .post("/api/categories", Map.of("name", "Nope " + shortId()))
                        .status())
                .isEqualTo(403);

        Api.Response tree = staff().get("/api/categories");
        assertThat(tree.status()).isEqualTo(200);
        boolean found = false;
        for (var node : tree.at("/categories")) {
            if (node.get("id").asText().equals(parentId)) {
                found = true;
                assertThat(node.at("/children/0/id").asText()).isEqualTo(childId);
            }
        }
        assertThat(found).isTrue();
        assertThat(otherOrganisationAdmin().get("/api/categories/" + parentId).status())
                .isEqualTo(404);
    }

    @Test
    void shouldValidateItemCategoriesAndRenameThemEverywhere() {
        String parentId = admin().post("/api/categories", Map.of("name", "Paint " + shortId()))
                .at("/category/id")
                .asText();
        String subId = admin().post("/api/categories", Map.of("name", "Primer " + shortId(), "parentId", parentId))
                .at("/category/id")
                .asText();
        String otherId = admin().post("/api/categories", Map.of("name", "Garden " + shortId()))
                .at("/category/id")
                .asText();

        Api.Response item = admin().post(
                        "/api/inventory",
                        Map.of("name", "Primer 1L", "location", "P", "categoryId", parentId, "subCategoryId", subId));
        assertThat(item.status()).isEqualTo(201);
        assertThat(item.at("/item/subCategoryId").asText()).isEqualTo(subId);
        String itemId = item.at("/item/id").asText();

        Api.Response mismatch = admin().post(
                        "/api/inventory",
                        Map.of("name", "X", "location", "P", "categoryId", otherId, "subCategoryId", subId));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.at("/errors/0/field").asText()).isEqualTo("subCategoryId");
        Api.Response unknown = admin().post(
                        "/api/inventory",
                        Map.of("name", "X", "location", "P", "categoryId", "00000000-0000-0000-0000-0000000000aa"));
        assertThat(unknown.status()).isEqualTo(400);

        String renamed = "Paints " + shortId();
        assertThat(admin().put("/api/categories/" + parentId, Map.of("name", renamed))
                        .status())
                .isEqualTo(200);
        long deadline = System.currentTimeMillis() + 5000;
        String shown;
        do {
            shown = admin().get("/api/inventory/" + itemId).at("/item/category").asText();
        } while (!shown.equals(renamed) && System.currentTimeMillis() < deadline);
        assertThat(shown).isEqualTo(renamed);

        assertThat(admin().delete("/api/categories/" + parentId).status())
                .as("has a sub-category")
                .isEqualTo(400);
        assertThat(admin().delete("/api/categories/" + subId).status()).isEqualTo(200);
        assertThat(admin().get("/api/categories/" + subId).status()).isEqualTo(404);
        assertThat(admin().delete("/api/categories/" + subId).status()).isEqualTo(404);
        assertThat(admin().delete("/api/categories/" + parentId).status()).isEqualTo(200);
        deadline = System.currentTimeMillis() + 5000;
        Api.Response after;
        do {
            after = admin().get("/api/inventory/" + itemId);
        } while (!after.at("/item/categoryId").isNull() && System.currentTimeMillis() < deadline);
        assertThat(after.at("/item/categoryId").isNull())
                .as("items keep existing without the category")
                .isTrue();
    }
}
