package vn.thidua.projection.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Guardrails of the projection runtime (STYLE §12): what runs the projections knows none of them, no service and no
 * web layer; query-service declares its projections and wires it.
 */
@AnalyzeClasses(packages = "vn.thidua.projection", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_runtime_knows_no_feature_and_no_service = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("vn.thidua.query..", "vn.thidua.command..");

    @ArchTest
    static final ArchRule the_runtime_knows_no_web_layer = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..",
                    "jakarta.servlet..");

    @ArchTest
    static final ArchRule the_runtime_needs_no_framework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..");

    @ArchTest
    static final ArchRule what_a_projection_is_knows_none_of_the_machinery_that_runs_it = noClasses()
            .that().resideInAPackage("vn.thidua.projection")
            .should().dependOnClassesThat().resideInAPackage("vn.thidua.projection.*..");

    @ArchTest
    static final ArchRule its_packages_are_free_of_cycles = slices()
            .matching("vn.thidua.projection.(*)..")
            .should().beFreeOfCycles();
}
