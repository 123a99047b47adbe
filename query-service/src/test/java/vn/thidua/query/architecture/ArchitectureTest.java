package vn.thidua.query.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Guardrails of the query-service (STYLE §12), over its classes and the {@code shared-events} it reads. */
@AnalyzeClasses(packages = {"vn.thidua.query", "vn.thidua.events"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The packages of the HTTP layer: what only the edge may use. */
    static final String[] WEB = {"org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
            "vn.thidua.query.web.."};

    /**
     * The HTTP edge of the service: its controllers (a class named {@code …Controller} or annotated
     * {@code @RestController}, with what is nested in it), its controller advice ({@code @RestControllerAdvice},
     * {@code @ControllerAdvice}), its wiring ({@code @Configuration}), and the packages that only serve them:
     * {@code web} (errors, binding), {@code export} (CSV and XLSX answers), {@code live} (server-sent events, an HTTP
     * answer that stays open) and {@code config}.
     */
    static final DescribedPredicate<JavaClass> EDGE = DescribedPredicate.describe("the HTTP edge (controllers, "
            + "controller advice, configuration, web, export, live, config)", c -> {
        String topLevel = c.getName().replaceFirst("\\$.*", "");
        return topLevel.endsWith("Controller")
                || c.isAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                || c.isAnnotatedWith("org.springframework.web.bind.annotation.RestControllerAdvice")
                || c.isAnnotatedWith("org.springframework.web.bind.annotation.ControllerAdvice")
                || c.isAnnotatedWith("org.springframework.context.annotation.Configuration")
                || c.getPackageName().matches("vn\\.thidua\\.query\\.(web|export|live|config)(\\..*)?");
    });

    @ArchTest
    static final ArchRule events_depend_on_nothing_of_ours_or_spring = noClasses()
            .that().resideInAPackage("..events..")
            .should().dependOnClassesThat().resideInAnyPackage("..command..", "..query..", "org.springframework..");

    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles = slices()
            .matching("vn.thidua.query.(*)..")
            .should().beFreeOfCycles();

    /** Projections, boards, the audit log and the helpers they share are model: the web knows them, not the reverse. */
    @ArchTest
    static final ArchRule only_the_edge_knows_the_web_layer = noClasses()
            .that().resideInAPackage("vn.thidua.query..").and(not(EDGE))
            .should().dependOnClassesThat().resideInAnyPackage(WEB);

    /** The advice and the request binding answer for every feature; no feature, not even a controller, needs them. */
    @ArchTest
    static final ArchRule nothing_outside_it_depends_on_the_web_package = noClasses()
            .that().resideInAPackage("vn.thidua.query..").and().resideOutsideOfPackage("vn.thidua.query.web..")
            .should().dependOnClassesThat().resideInAPackage("vn.thidua.query.web..");

    @ArchTest
    static final ArchRule the_query_service_knows_nothing_of_the_command_service = noClasses()
            .that().resideInAPackage("vn.thidua.query..")
            .should().dependOnClassesThat().resideInAPackage("vn.thidua.command..");
}
