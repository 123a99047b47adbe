package vn.thidua.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which problems an operation lists follows from what it is; the examples and the schema land in the components. */
class ProblemResponsesTest {

    @RequestMapping("/api/v1/things")
    static class Things {
        @PostMapping("/{id}/changes")
        @PreAuthorize("hasRole('UNIT_REPORTER')")
        void change() {
        }

        @GetMapping("/{id}")
        @PreAuthorize("hasAnyRole('PROVINCE_ADMIN', 'AUDITOR')")
        void read() {
        }

        @GetMapping("/public")
        @PreAuthorize("permitAll()")
        void open() {
        }
    }

    final ProblemResponses problems = new ProblemResponses(List.of(
            ProblemKind.of("invalid-request", 400, "invalid-request", "The request is not valid", "invalid", "x: bad")
                    .when(ProblemResponses.Facts::validatesInput),
            ProblemKind.unauthenticated(),
            ProblemKind.forbiddenRole(),
            ProblemKind.of("forbidden-unit", 403, "forbidden", "Not allowed", "another unit", "A reporter …")
                    .when(f -> f.admits("UNIT_REPORTER")),
            ProblemKind.of("not-found", 404, "not-found", "No such resource", "no such thing", "No thing 7")
                    .when(ProblemResponses.Facts::namesObject),
            ProblemKind.of("conflict", 409, "rule-violated", "A business rule forbids this", "a rule", "No")
                    .with("rule", "some-rule").when(ProblemResponses.Facts::isPost),
            ProblemKind.payloadTooLarge(1024),
            ProblemKind.unsupportedMediaType(),
            ProblemKind.rateLimited(600)));

    static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Things(), Things.class.getDeclaredMethod(name));
    }

    static Operation operation(Parameter... parameters) {
        return new Operation().parameters(List.of(parameters))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
    }

    static Parameter path(String name) {
        return new Parameter().in("path").name(name).required(true).schema(new StringSchema());
    }

    @Test
    void a_command_with_a_body_on_an_object_lists_every_problem_that_can_come_of_it() throws Exception {
        Operation command = operation(path("id")).requestBody(new RequestBody());

        problems.customize(command, handler("change"));

        assertThat(command.getResponses().keySet()).containsExactly("200", "400", "401", "403", "404", "409", "413", "415", "429");
        assertThat(command.getResponses().get("403").getContent().get(ProblemResponses.PROBLEM_JSON).getExamples())
                .containsOnlyKeys("forbidden-role", "forbidden-unit");
        assertThat(command.getResponses().get("429").getHeaders()).containsOnlyKeys("Retry-After");
        assertThat(command.getResponses().get("401").getHeaders()).containsOnlyKeys("WWW-Authenticate");
    }

    @Test
    void a_read_of_an_unconstrained_id_cannot_be_refused_as_invalid_and_no_reporter_is_let_in() throws Exception {
        Operation read = operation(path("id"));

        problems.customize(read, handler("read"));

        assertThat(read.getResponses().keySet()).containsExactly("200", "401", "403", "404", "429");
        assertThat(read.getResponses().get("403").getContent().get(ProblemResponses.PROBLEM_JSON).getExamples())
                .containsOnlyKeys("forbidden-role");
    }

    @Test
    void a_constrained_or_required_parameter_can_be_refused() throws Exception {
        Operation typed = operation(new Parameter().in("query").name("page").schema(new IntegerSchema()));
        Operation required = operation(new Parameter().in("query").name("q").required(true).schema(new StringSchema()));
        Operation free = operation(new Parameter().in("query").name("q").schema(new StringSchema()));

        problems.customize(typed, handler("read"));
        problems.customize(required, handler("read"));
        problems.customize(free, handler("read"));

        assertThat(typed.getResponses()).containsKey("400");
        assertThat(required.getResponses()).containsKey("400");
        assertThat(free.getResponses()).doesNotContainKey("400");
    }

    @Test
    void an_operation_open_to_everyone_is_never_refused_for_its_role() throws Exception {
        Operation open = operation();

        problems.customize(open, handler("open"));

        assertThat(open.getResponses()).doesNotContainKey("403");
    }

    @Test
    void the_document_gets_the_problem_schema_and_only_the_examples_its_operations_refer_to() throws Exception {
        Operation read = operation(path("id"));
        problems.customize(read, handler("read"));
        OpenAPI api = new OpenAPI().components(new Components())
                .paths(new Paths().addPathItem("/api/v1/things/{id}", new PathItem().get(read)));

        problems.customise(api);

        assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "ProblemField");
        assertThat(api.getComponents().getExamples()).containsOnlyKeys("unauthenticated", "forbidden-role", "not-found", "rate-limited");
        assertThat(api.getComponents().getExamples().get("not-found").getValue()).isEqualTo(Map.of(
                "type", "https://thidua.tuphap.vn/problems/not-found", "title", "No such resource", "status", 404,
                "detail", "No thing 7"));
    }

    @Test
    void two_kinds_of_one_name_are_refused() {
        assertThatThrownBy(() -> new ProblemResponses(List.of(ProblemKind.rateLimited(1), ProblemKind.rateLimited(2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
