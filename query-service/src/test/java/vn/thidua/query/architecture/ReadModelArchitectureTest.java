package vn.thidua.query.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.bson.Document;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Guardrails of the read models (STYLE §8): what travels from the store to a report's controller is a record, mapped
 * from the stored document in one place next to the projection; no controller answers with an untyped map or touches
 * a stored document.
 */
@AnalyzeClasses(packages = "vn.thidua.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ReadModelArchitectureTest {

    /** The features whose read models the report API serves. */
    static final String[] REPORTS = {"..query.catalogue..", "..query.supportboard..", "..query.taskboard.."};

    static final DescribedPredicate<JavaClass> CONTROLLERS = DescribedPredicate.describe("controllers",
            c -> c.getSimpleName().endsWith("Controller"));
    static final DescribedPredicate<JavaClass> RECORDS = DescribedPredicate.describe("records", JavaClass::isRecord);

    @ArchTest
    static final ArchRule report_controllers_answer_with_records_not_untyped_maps = methods()
            .that().areDeclaredInClassesThat().resideInAnyPackage(REPORTS)
            .and().areDeclaredInClassesThat(CONTROLLERS)
            .should(new ArchCondition<JavaMethod>("return no untyped map (Map<String, Object>, a raw Map or a Document)") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    if (mentionsAnUntypedMap(method.getReturnType())) {
                        events.add(SimpleConditionEvent.violated(method, "%s returns %s".formatted(
                                method.getFullName(), method.getReturnType().getName())));
                    }
                }
            });

    @ArchTest
    static final ArchRule report_controllers_do_not_touch_stored_documents = noClasses()
            .that().resideInAnyPackage(REPORTS).and(CONTROLLERS)
            .should().dependOnClassesThat().resideInAnyPackage("org.bson..", "com.mongodb..");

    @ArchTest
    static final ArchRule read_model_records_hold_no_untyped_maps = fields()
            .that().areDeclaredInClassesThat().resideInAnyPackage(REPORTS)
            .and().areDeclaredInClassesThat(RECORDS)
            .should(new ArchCondition<JavaField>("be of a type that is no untyped map (Map<String, Object>, a raw Map or a Document)") {
                @Override
                public void check(JavaField field, ConditionEvents events) {
                    if (mentionsAnUntypedMap(field.getType())) {
                        events.add(SimpleConditionEvent.violated(field, "%s is a %s".formatted(
                                field.getFullName(), field.getType().getName())));
                    }
                }
            });

    /** The type, or one of its type arguments at any depth, is a map whose values can be anything. */
    static boolean mentionsAnUntypedMap(JavaType type) {
        JavaClass raw = type.toErasure();
        if (raw.isAssignableTo(Document.class)) {
            return true;
        }
        List<JavaType> arguments = type instanceof JavaParameterizedType p ? p.getActualTypeArguments() : List.of();
        if (raw.isAssignableTo(Map.class) && (arguments.size() != 2
                || arguments.get(1).toErasure().isEquivalentTo(Object.class))) {
            return true;
        }
        return arguments.stream().anyMatch(ReadModelArchitectureTest::mentionsAnUntypedMap);
    }
}
