package io.stockade.query.category;

import static io.stockade.query.jooq.Tables.CATEGORY_NODE;
import static org.assertj.core.api.Assertions.assertThat;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryList;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryView;
import io.stockade.api.category.CategoryMessages.FindCategoriesQuery;
import io.stockade.api.category.CategoryMessages.FindCategoryQuery;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.query.ReadModelDatabase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The category tree against real PostgreSQL, as the application role under row-level security. */
class CategoryProjectionIT {
    private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
    private static ReadModelDatabase db;
    private static CategoryProjection projection;

    @BeforeAll
    static void migrate() {
        db = ReadModelDatabase.migrated();
        projection = new CategoryProjection(new CategoryTreeRepository(db.dsl()));
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    private static CategoryList tree(TenantId tenant) {
        return db.read(tenant, () -> projection.handle(new FindCategoriesQuery(tenant)));
    }

    private static void created(CategoryCreatedEvent e) {
        db.handle(e.tenantId(), () -> projection.on(e, AT));
    }

    @Test
    void shouldNestSubCategoriesUnderTheirParentWhenBothAreCreated() {
        TenantId tenant = TenantId.random();
        CategoryId tools = CategoryId.random();
        CategoryId drills = CategoryId.random();
        CategoryId bolts = CategoryId.random();

        created(new CategoryCreatedEvent(tools, tenant, "Tools", "hand and power", null));
        created(new CategoryCreatedEvent(drills, tenant, "Drills", null, tools));
        created(new CategoryCreatedEvent(bolts, tenant, "Bolts", "M4 to M12", null));

        assertThat(tree(tenant).categories())
                .containsExactly(
                        new CategoryView(bolts.toString(), "Bolts", "M4 to M12", null, List.of()),
                        new CategoryView(
                                tools.toString(),
                                "Tools",
                                "hand and power",
                                null,
                                List.of(new CategoryView(
                                        drills.toString(), "Drills", null, tools.toString(), List.of()))));
        assertThat(db.read(tenant, () -> projection.handle(new FindCategoryQuery(tenant, drills))))
                .contains(new CategoryView(drills.toString(), "Drills", null, tools.toString(), List.of()));
    }

    @Test
    void shouldRenameAndRemoveWhenCategoriesAreUpdatedAndDeleted() {
        TenantId tenant = TenantId.random();
        CategoryId tools = CategoryId.random();
        CategoryId bolts = CategoryId.random();
        created(new CategoryCreatedEvent(tools, tenant, "Tools", null, null));
        created(new CategoryCreatedEvent(bolts, tenant, "Bolts", null, null));

        db.handle(tenant, () -> {
            projection.on(new CategoryUpdatedEvent(tools, tenant, "Power tools", "corded"));
            projection.on(new CategoryDeletedEvent(bolts, tenant));
        });

        assertThat(tree(tenant).categories())
                .containsExactly(new CategoryView(tools.toString(), "Power tools", "corded", null, List.of()));
        assertThat(db.read(tenant, () -> projection.handle(new FindCategoryQuery(tenant, bolts))))
                .isEmpty();
    }

    @Test
    void shouldChangeNothingWhenTheSameEventsAreHandledAgain() {
        TenantId tenant = TenantId.random();
        CategoryId tools = CategoryId.random();
        CategoryId gone = CategoryId.random();
        CategoryCreatedEvent createTools = new CategoryCreatedEvent(tools, tenant, "Tools", null, null);
        CategoryCreatedEvent createGone = new CategoryCreatedEvent(gone, tenant, "Gone", null, null);
        CategoryUpdatedEvent rename = new CategoryUpdatedEvent(tools, tenant, "Power tools", null);
        CategoryDeletedEvent delete = new CategoryDeletedEvent(gone, tenant);
        Runnable all = () -> {
            projection.on(createTools, AT);
            projection.on(createGone, AT);
            projection.on(rename);
            projection.on(delete);
        };
        db.handle(tenant, all);
        CategoryList once = tree(tenant);

        db.handle(tenant, all);

        assertThat(tree(tenant)).isEqualTo(once);
        assertThat(once.categories()).extracting(CategoryView::name).containsExactly("Power tools");
    }

    @Test
    void shouldSeeOnlyItsOwnOrganisationsCategoriesWhenAnotherHasSome() {
        TenantId mine = TenantId.random();
        TenantId theirs = TenantId.random();
        CategoryId ours = CategoryId.random();
        CategoryId foreign = CategoryId.random();
        created(new CategoryCreatedEvent(ours, mine, "Ours", null, null));
        created(new CategoryCreatedEvent(foreign, theirs, "Theirs", null, null));

        assertThat(tree(mine).categories()).extracting(CategoryView::id).containsExactly(ours.toString());
        assertThat(db.read(mine, () -> projection.handle(new FindCategoryQuery(theirs, foreign))))
                .as("the other organisation's id asked for under one's own binding")
                .isEmpty();
        assertThat(db.visibleRows(mine, CATEGORY_NODE)).isEqualTo(1);
    }

    @Test
    void shouldEmptyTheTreeOfEveryOrganisationWhenReset() {
        TenantId tenant = TenantId.random();
        TenantId other = TenantId.random();
        created(new CategoryCreatedEvent(CategoryId.random(), tenant, "Tools", null, null));
        created(new CategoryCreatedEvent(CategoryId.random(), other, "Tools", null, null));

        db.reset(projection::reset);

        assertThat(tree(tenant).categories()).isEmpty();
        assertThat(db.allRows(CATEGORY_NODE)).isZero();
    }
}
