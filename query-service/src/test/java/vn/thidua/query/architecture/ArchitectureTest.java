package vn.thidua.query.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Guardrails of the query-service (STYLE §12), over its classes and the {@code shared-events} it reads. */
@AnalyzeClasses(packages = {"vn.thidua.query", "vn.thidua.events"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule events_depend_on_nothing_of_ours_or_spring = noClasses()
            .that().resideInAPackage("..events..")
            .should().dependOnClassesThat().resideInAnyPackage("..command..", "..query..", "org.springframework..");

    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles = slices()
            .matching("vn.thidua.query.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule projections_do_not_know_the_http_layer = noClasses()
            .that().resideInAPackage("..query.stream..")
            .or().haveSimpleNameEndingWith("Projection")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..");
}
