package vn.thidua.eventlog.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Guardrails of the event log (STYLE §12): plumbing both services use, so it knows neither of them nor a framework. */
@AnalyzeClasses(packages = "vn.thidua.eventlog", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_event_log_knows_neither_service = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("vn.thidua.command..", "vn.thidua.query..");

    @ArchTest
    static final ArchRule the_event_log_knows_no_web_layer_and_no_framework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                    "org.axonframework..");

    @ArchTest
    static final ArchRule the_model_of_the_log_knows_none_of_the_jobs_done_on_it = noClasses()
            .that().resideInAPackage("vn.thidua.eventlog")
            .should().dependOnClassesThat().resideInAPackage("vn.thidua.eventlog.*..");

    @ArchTest
    static final ArchRule its_packages_are_free_of_cycles = slices()
            .matching("vn.thidua.eventlog.(*)..")
            .should().beFreeOfCycles();
}
