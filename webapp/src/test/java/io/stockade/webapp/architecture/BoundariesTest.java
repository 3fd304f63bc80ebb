package io.stockade.webapp.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.spring.stereotype.Aggregate;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of ARCHITECTURE.md and STYLE.md, checked on the compiled classes. */
class BoundariesTest {
    private static final String[] MOVING_OUT = {"io.stockade.command.alerts..", "io.stockade.command.mail.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.stockade");
    }

    @Test
    void contractShouldStayFreeOfSpringAndPersistence() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.jooq..",
                        "jakarta.persistence..",
                        "io.stockade.platform..",
                        "io.stockade.command..",
                        "io.stockade.query..")
                .check(classes);
    }

    @Test
    void commandSideShouldNotReachIntoTheQuerySide() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.command..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stockade.query..")
                .check(classes);
    }

    /**
     * The write side never reads a read model: its answers come from the command's result. In split mode the
     * command service has no query handlers at all. The alert and mail packages are exempt only while they
     * move out into the alerting feature (issue 12 §1), which owns their query-bus use.
     */
    @Test
    void commandSideShouldNeverAskTheQueryBus() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.command..")
                .and()
                .resideOutsideOfPackages(MOVING_OUT)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(QueryGateway.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(QueryBus.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("io.stockade.query..")
                .check(classes);
    }

    /**
     * Write features meet only through the contract and the platform (inventory learns about categories through
     * {@code CategoryDirectory}); the generated jOOQ tables are one module's code, each table used by its own
     * feature. Alerts and mail are exempt only while they move out into the alerting feature (issue 12 §1).
     */
    @Test
    void commandFeaturesShouldNotReachIntoEachOther() {
        slices().matching("io.stockade.command.(*)..")
                .should()
                .notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("io.stockade.command.jooq.."))
                .ignoreDependency(resideInAnyPackage(MOVING_OUT), alwaysTrue())
                .ignoreDependency(alwaysTrue(), resideInAnyPackage(MOVING_OUT))
                .check(classes);
    }

    @Test
    void querySideShouldNotReachIntoTheCommandSide() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.query..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stockade.command..")
                .check(classes);
    }

    @Test
    void platformShouldNotDependOnEitherSide() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.stockade.command..", "io.stockade.query..", "io.stockade.webapp..")
                .check(classes);
    }

    @Test
    void aggregatesShouldHoldNoSpringOrDatabaseCode() {
        noClasses()
                .that()
                .areAnnotatedWith(Aggregate.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.jooq..", "java.sql..")
                .check(classes);
    }

    @Test
    void readModelFeaturesShouldNotReadEachOthersTables() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.query.ledger..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stockade.query.inventory..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.stockade.query.inventory..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stockade.query.ledger..")
                .check(classes);
    }

    @Test
    void reportsShouldReadOnlyTheirOwnTables() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.query.reports..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.stockade.query.jooq.tables..").and(not(simpleNameStartingWith("Report"))))
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.stockade.query.inventory..",
                        "io.stockade.query.ledger..",
                        "io.stockade.query.category..",
                        "io.stockade.query.identity..",
                        "io.stockade.query.trends..",
                        "io.stockade.query.security..")
                .check(classes);
    }

    /** The audit history reads its own index and the event store, never another feature's read model. */
    @Test
    void auditShouldReadOnlyItsOwnTables() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.query.audit..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.stockade.query.jooq.tables..").and(not(simpleNameStartingWith("Audit"))))
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.stockade.query.inventory..",
                        "io.stockade.query.ledger..",
                        "io.stockade.query.category..",
                        "io.stockade.query.identity..",
                        "io.stockade.query.trends..",
                        "io.stockade.query.reports..",
                        "io.stockade.query.security..")
                .check(classes);
    }

    /**
     * The audit access log is a record, not a projection (nothing rebuilds it): only its repository writes it. The
     * table itself refuses updates, deletes and truncation (V7), so this rule guards the inserts.
     */
    @Test
    void onlyTheAccessLogRepositoryShouldTouchTheAccessLog() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.stockade.query.audit.AccessLogRepository")
                .and()
                .resideOutsideOfPackage("io.stockade.query.jooq..")
                .should()
                .dependOnClassesThat()
                .haveNameMatching("io\\.stockade\\.query\\.jooq\\.tables\\.(records\\.)?AuditAccess(Record)?")
                .check(classes);
    }

    /** Stored positions (query.writebehind) are the repositories' own batching helpers, not a feature's SQL. */
    @Test
    void onlyRepositoriesShouldTalkSqlOnTheQuerySide() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.query..")
                .and()
                .resideOutsideOfPackage("io.stockade.query.writebehind")
                .and()
                .haveSimpleNameNotEndingWith("Repository")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(DSLContext.class)
                .check(classes);
    }

    @Test
    void onlyRepositoriesShouldTalkSqlOnTheCommandSide() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.command..")
                .and()
                .haveSimpleNameNotEndingWith("Repository")
                .and()
                .haveSimpleNameNotEndingWith("Rules")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(DSLContext.class)
                .check(classes);
    }
}
