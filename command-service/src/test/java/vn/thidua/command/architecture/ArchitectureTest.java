package vn.thidua.command.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.spring.stereotype.Aggregate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Guardrails of the command-service (STYLE §12), over its classes and the {@code shared-events} it writes. */
@AnalyzeClasses(packages = {"vn.thidua.command", "vn.thidua.events"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule events_depend_on_nothing_of_ours_or_spring = noClasses()
            .that().resideInAPackage("..events..")
            .should().dependOnClassesThat().resideInAnyPackage("..command..", "..query..", "org.springframework..");

    @ArchTest
    static final ArchRule aggregates_do_not_know_the_web_layer = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat().resideInAnyPackage("..command.web..", "jakarta.servlet..", "org.springframework.web..");

    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles = slices()
            .matching("vn.thidua.command.(*)..")
            .should().beFreeOfCycles();
}
