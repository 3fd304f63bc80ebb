package io.stockade.webapp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

/**
 * Alerting's one home, and aggregates that only decide and apply: a rule that needs the database or a
 * bean is resolved before the command reaches the aggregate (recipients travel on the alert command).
 */
class AlertingBoundariesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.stockade");
    }

    @Test
    void aggregatesShouldUseNoRepositoryBeanOrJooq() {
        noClasses()
                .that()
                .areAnnotatedWith(Aggregate.class)
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Repository")
                .orShould()
                // Axon's @Aggregate is itself a Spring stereotype: a bean of our own is what is ruled out.
                .dependOnClassesThat(DescribedPredicate.describe(
                        "are Spring beans",
                        (JavaClass c) -> c.isMetaAnnotatedWith(Component.class) && !c.isEquivalentTo(Aggregate.class)))
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.jooq..")
                .check(classes);
    }

    @Test
    void alertingShouldDependOnlyOnTheContractAndThePlatform() {
        noClasses()
                .that()
                .resideInAPackage("io.stockade.alerting..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.stockade.command..", "io.stockade.query..", "io.stockade.webapp..")
                .check(classes);
    }

    @Test
    void nothingButTheHostShouldReachIntoAlerting() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.stockade.api..", "io.stockade.platform..", "io.stockade.command..", "io.stockade.query..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.stockade.alerting..")
                .check(classes);
    }
}
