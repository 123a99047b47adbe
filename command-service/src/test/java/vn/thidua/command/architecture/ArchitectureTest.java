package vn.thidua.command.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Guardrails of the command-service (STYLE §12), over its classes and the {@code shared-events} it writes.
 * <p>
 * <b>The HTTP edge</b> is where a request becomes a command and an outcome becomes an answer: the package {@code web/}
 * (the idempotency filter, the caller, the command sender, strict JSON, the problem+json advice), the package
 * {@code config/} (wiring), and the controllers, which live beside their feature: classes annotated
 * {@code @RestController} or named {@code *Controller} (with their nested classes). Everything else — aggregates,
 * commands, request records, rules and their exceptions, movement facts, submissions, text and code shapes — is model
 * and imports nothing of HTTP: no servlet type ({@code jakarta.servlet}), nothing of Spring Web or Spring's HTTP types
 * ({@code org.springframework.web}, {@code org.springframework.http}), nothing of {@code web/}. The edge maps the
 * model's exceptions ({@code rules/}) to problem+json; the model never picks a status.
 * <p>
 * ArchUnit reads bytecode, where javac has copied compile-time constants into their users: a request record that took
 * its {@code @Pattern} from a constant in {@code web/} would pass unseen. Such shapes live in {@code text/}.
 */
@AnalyzeClasses(packages = {"vn.thidua.command", "vn.thidua.events"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] WEB_LAYER = {"jakarta.servlet..", "org.springframework.web..", "org.springframework.http..",
            "vn.thidua.command.web.."};

    /** A controller, or a class nested in one. */
    private static final DescribedPredicate<JavaClass> CONTROLLERS = new DescribedPredicate<>(
            "controllers (annotated @RestController or named *Controller)") {
        @Override
        public boolean test(JavaClass type) {
            JavaClass outer = type;
            while (outer.getEnclosingClass().isPresent()) {
                outer = outer.getEnclosingClass().get();
            }
            return outer.isAnnotatedWith(RestController.class) || outer.getSimpleName().endsWith("Controller");
        }
    };

    @ArchTest
    static final ArchRule events_depend_on_nothing_of_ours_or_spring = noClasses()
            .that().resideInAPackage("..events..")
            .should().dependOnClassesThat().resideInAnyPackage("..command..", "..query..", "org.springframework..");

    @ArchTest
    static final ArchRule aggregates_do_not_know_the_web_layer = noClasses()
            .that().areAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat().resideInAnyPackage(WEB_LAYER);

    @ArchTest
    static final ArchRule features_and_rules_do_not_know_the_web_layer_except_their_controllers = noClasses()
            .that().resideInAPackage("vn.thidua.command..")
            .and().resideOutsideOfPackages("vn.thidua.command.web..", "vn.thidua.command.config..")
            .and(not(CONTROLLERS))
            .should().dependOnClassesThat().resideInAnyPackage(WEB_LAYER);

    @ArchTest
    static final ArchRule the_command_service_does_not_use_the_query_service = noClasses()
            .that().resideInAPackage("vn.thidua.command..")
            .should().dependOnClassesThat().resideInAPackage("vn.thidua.query..");

    @ArchTest
    static final ArchRule feature_packages_are_free_of_cycles = slices()
            .matching("vn.thidua.command.(*)..")
            .should().beFreeOfCycles();
}
