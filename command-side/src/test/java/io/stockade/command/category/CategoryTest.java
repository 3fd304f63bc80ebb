package io.stockade.command.category;

import static io.stockade.command.Violations.notFound;
import static io.stockade.command.Violations.violation;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.stockade.api.category.CategoryMessages.CategoryCreatedEvent;
import io.stockade.api.category.CategoryMessages.CategoryDeletedEvent;
import io.stockade.api.category.CategoryMessages.CategoryState;
import io.stockade.api.category.CategoryMessages.CategoryUpdatedEvent;
import io.stockade.api.category.CategoryMessages.CreateCategoryCommand;
import io.stockade.api.category.CategoryMessages.DeleteCategoryCommand;
import io.stockade.api.category.CategoryMessages.UpdateCategoryCommand;
import io.stockade.api.common.CategoryId;
import io.stockade.api.common.TenantId;
import io.stockade.command.jooq.tables.records.CategoryNameRecord;
import io.stockade.platform.errors.DomainRuleViolation.Kind;
import java.util.Optional;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The category aggregate together with {@link CategoryCommands}, which hosts its command handlers. The
 * database-backed {@link CategoryRules} (names and parent links) is a Mockito mock.
 */
class CategoryTest {
    private static final CategoryId CATEGORY = CategoryId.random();
    private static final CategoryId PARENT = CategoryId.random();
    private static final CategoryId GRANDPARENT = CategoryId.random();
    private static final TenantId TENANT = TenantId.random();
    private static final TenantId OTHER_TENANT = TenantId.random();

    private FixtureConfiguration<Category> fixture;
    private CategoryRules rules;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Category.class);
        rules = mock(CategoryRules.class);
        fixture.registerAnnotatedCommandHandler(new CategoryCommands(fixture.getRepository(), rules));
    }

    private static CategoryCreatedEvent created() {
        return new CategoryCreatedEvent(CATEGORY, TENANT, "Tools", "Hand tools", null);
    }

    private static CategoryNameRecord nameRecord(CategoryId id, CategoryId parent) {
        return new CategoryNameRecord(
                TENANT.value(), "key", id.value(), parent == null ? null : parent.value(), "Name");
    }

    @Test
    void shouldCreateATopLevelCategoryWithAStrippedName() {
        when(rules.claimName(TENANT, CATEGORY, "  Tools ", null)).thenReturn(true);

        fixture.givenNoPriorActivity()
                .when(new CreateCategoryCommand(CATEGORY, TENANT, "  Tools ", "Hand tools", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CategoryCreatedEvent(CATEGORY, TENANT, "Tools", "Hand tools", null))
                .expectResultMessagePayload(new CategoryState(CATEGORY, "Tools", "Hand tools", null));

        verify(rules, never()).find(any(), any());
    }

    @Test
    void shouldCreateASubCategoryUnderATopLevelParent() {
        when(rules.find(TENANT, PARENT)).thenReturn(Optional.of(nameRecord(PARENT, null)));
        when(rules.claimName(TENANT, CATEGORY, "Drills", PARENT)).thenReturn(true);

        fixture.givenNoPriorActivity()
                .when(new CreateCategoryCommand(CATEGORY, TENANT, "Drills", null, PARENT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CategoryCreatedEvent(CATEGORY, TENANT, "Drills", null, PARENT))
                .expectResultMessagePayload(new CategoryState(CATEGORY, "Drills", null, PARENT));
    }

    @Test
    void shouldRefuseASubCategoryOfASubCategory() {
        when(rules.find(TENANT, PARENT)).thenReturn(Optional.of(nameRecord(PARENT, GRANDPARENT)));

        fixture.givenNoPriorActivity()
                .when(new CreateCategoryCommand(CATEGORY, TENANT, "Cordless", null, PARENT))
                .expectNoEvents()
                .expectException(violation(
                        Kind.VALIDATION, "validation", "parentId", "Sub-categories cannot have sub-categories"));

        verify(rules, never()).claimName(any(), any(), anyString(), any());
    }

    @Test
    void shouldRefuseAnUnknownParent() {
        when(rules.find(TENANT, PARENT)).thenReturn(Optional.empty());

        fixture.givenNoPriorActivity()
                .when(new CreateCategoryCommand(CATEGORY, TENANT, "Drills", null, PARENT))
                .expectNoEvents()
                .expectException(violation(Kind.VALIDATION, "validation", "parentId", "Unknown parent category"));

        verify(rules, never()).claimName(any(), any(), anyString(), any());
    }

    @Test
    void shouldRefuseANameThatIsAlreadyTaken() {
        when(rules.claimName(TENANT, CATEGORY, " Tools ", null)).thenReturn(false);

        fixture.givenNoPriorActivity()
                .when(new CreateCategoryCommand(CATEGORY, TENANT, " Tools ", null, null))
                .expectNoEvents()
                .expectException(
                        violation(Kind.CONFLICT, "duplicate", "name", "A category named 'Tools' already exists"));
    }

    @Test
    void shouldRenameACategoryWithAStrippedName() {
        when(rules.rename(TENANT, CATEGORY, " Power tools ")).thenReturn(true);

        fixture.given(created())
                .when(new UpdateCategoryCommand(CATEGORY, TENANT, " Power tools ", "Drills and saws"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CategoryUpdatedEvent(CATEGORY, TENANT, "Power tools", "Drills and saws"))
                .expectResultMessagePayload(new CategoryState(CATEGORY, "Power tools", "Drills and saws", null));

        verify(rules).rename(TENANT, CATEGORY, " Power tools ");
    }

    @Test
    void shouldRefuseARenameToATakenNameAndPublishNothing() {
        when(rules.rename(TENANT, CATEGORY, "Garden")).thenReturn(false);

        fixture.given(created())
                .when(new UpdateCategoryCommand(CATEGORY, TENANT, "Garden", null))
                .expectNoEvents()
                .expectException(
                        violation(Kind.CONFLICT, "duplicate", "name", "A category named 'Garden' already exists"));
    }

    @Test
    void shouldTreatAnotherOrganisationsCategoryAsNotFoundOnUpdate() {
        fixture.given(created())
                .when(new UpdateCategoryCommand(CATEGORY, OTHER_TENANT, "Mine now", null))
                .expectNoEvents()
                .expectException(notFound("Category"));

        verify(rules, never()).rename(any(), any(), anyString());
    }

    @Test
    void shouldDeleteACategoryWithoutChildrenAndReleaseItsName() {
        when(rules.hasChildren(TENANT, CATEGORY)).thenReturn(false);

        fixture.given(created())
                .when(new DeleteCategoryCommand(CATEGORY, TENANT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CategoryDeletedEvent(CATEGORY, TENANT))
                .expectMarkedDeleted();

        verify(rules).release(TENANT, CATEGORY);
    }

    @Test
    void shouldRefuseDeletingACategoryThatStillHasSubCategories() {
        when(rules.hasChildren(TENANT, CATEGORY)).thenReturn(true);

        fixture.given(created())
                .when(new DeleteCategoryCommand(CATEGORY, TENANT))
                .expectNoEvents()
                .expectException(violation(
                        Kind.BUSINESS_RULE, "category-has-children", null, "Delete or move its sub-categories first"));

        verify(rules, never()).release(any(), any());
    }

    @Test
    void shouldTreatAnotherOrganisationsCategoryAsNotFoundOnDelete() {
        fixture.given(created())
                .when(new DeleteCategoryCommand(CATEGORY, OTHER_TENANT))
                .expectNoEvents()
                .expectException(notFound("Category"));

        verify(rules, never()).release(any(), any());
    }

    @Test
    void shouldRefuseChangesToADeletedCategory() {
        fixture.given(created(), new CategoryDeletedEvent(CATEGORY, TENANT))
                .when(new UpdateCategoryCommand(CATEGORY, TENANT, "Back again", null))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
        fixture.given(created(), new CategoryDeletedEvent(CATEGORY, TENANT))
                .when(new DeleteCategoryCommand(CATEGORY, TENANT))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);

        verify(rules, never()).rename(any(), any(), anyString());
        verify(rules, never()).release(any(), any());
    }
}
