package vn.thidua.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.thidua.command.testing.CommandApiTest;

import vn.thidua.command.testing.TestTokens;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document lists every command endpoint with an example request body, its success status and every
 * problem it can answer (with an example each, as the service really sends it); Swagger UI is served. The document is
 * written to target/openapi/ for the build's linter (Redocly, api-lint/).
 */
class OpenApiTest extends CommandApiTest {

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every POST the application maps, read from Spring MVC itself, so a new endpoint cannot be forgotten here. */
    List<String> postPaths() {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (e.getValue().hasMethodAnnotation(PostMapping.class)) {
                paths.addAll(e.getKey().getPatternValues());
            }
        }
        return paths;
    }

    @Test
    void every_command_endpoint_is_documented_with_an_example_request() throws Exception {
        JsonNode doc = json.readTree(get("/v3/api-docs").body());
        JsonNode schemas = doc.path("components").path("schemas");
        List<String> posts = postPaths();
        assertThat(posts).hasSizeGreaterThanOrEqualTo(12);
        for (String path : posts) {
            JsonNode post = doc.path("paths").path(path).path("post");
            assertThat(post.isMissingNode()).as("%s is documented", path).isFalse();
            assertThat(post.path("summary").asText()).as("summary of %s", path).isNotBlank();
            JsonNode schema = post.path("requestBody").path("content").path("application/json").path("schema");
            String ref = schema.path("$ref").asText();
            JsonNode body = ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            assertThat(body.path("example").isMissingNode()).as("example request of %s (%s)", path, ref).isFalse();
            assertThat(post.path("parameters").toString()).as("%s documents the Idempotency-Key header", path)
                    .contains("Idempotency-Key");
        }
    }

    @Test
    void every_read_endpoint_is_documented_with_an_example_answer() throws Exception {
        JsonNode doc = json.readTree(get("/v3/api-docs").body());
        List<String> gets = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (e.getValue().hasMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class)) {
                e.getKey().getPatternValues().stream().filter(p -> p.startsWith("/api/")).forEach(gets::add);
            }
        }
        assertThat(gets).contains("/api/v1/audit/integrity", "/api/v1/audit/log");
        for (String path : gets) {
            JsonNode operation = doc.path("paths").path(path).path("get");
            assertThat(operation.isMissingNode()).as("%s is documented", path).isFalse();
            assertThat(operation.path("summary").asText()).as("summary of %s", path).isNotBlank();
            JsonNode content = operation.path("responses").path("200").path("content");
            assertThat(content.size()).as("the answer of %s has a media type", path).isPositive();
            content.forEach(media -> assertThat(media.path("examples").size() + (media.has("example") ? 1 : 0))
                    .as("an example answer of %s", path).isPositive());
        }
    }

    static final Set<Integer> COMMAND = Set.of(400, 401, 403, 409, 413, 415, 422, 429, 503);
    static final Set<Integer> COMMAND_ON_AN_OBJECT = union(COMMAND, 404);
    static final Set<Integer> READ = Set.of(401, 403, 429, 503);

    /** The statuses each operation can answer with besides its success: what the code does, written out by hand. */
    static final Map<String, Set<Integer>> ERRORS = Map.ofEntries(
            Map.entry("POST /api/v1/movements", COMMAND),
            Map.entry("POST /api/v1/movements/{movementId}/key-tasks", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/enrolments", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/closure", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/key-tasks/{taskNo}/results", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/communes/{communeCode}/supporters", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/communes/{communeCode}/activities", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/communes/{communeCode}/assessments", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/movements/{movementId}/communes/{communeCode}/supporters/{unitId}/ending", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/task-results/{resultId}/corrections", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/task-results/{resultId}/approval", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/task-results/{resultId}/return", COMMAND_ON_AN_OBJECT),
            Map.entry("POST /api/v1/structure/provinces/{provinceCode}/versions", COMMAND),
            Map.entry("GET /api/v1/audit/integrity", READ),
            Map.entry("GET /api/v1/audit/log", READ));

    /** Where a unit's reporter names a unit: the operations that can refuse another unit's object. */
    static final Set<String> REPORTER_NAMES_A_UNIT = Set.of("POST /api/v1/movements/{movementId}/key-tasks/{taskNo}/results",
            "POST /api/v1/movements/{movementId}/communes/{communeCode}/activities", "POST /api/v1/task-results/{resultId}/corrections");

    static Set<Integer> union(Set<Integer> statuses, int more) {
        Set<Integer> all = new TreeSet<>(statuses);
        all.add(more);
        return all;
    }

    /** Every operation of the document, as "METHOD /path" → the operation. */
    static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                op -> operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue())));
        return operations;
    }

    @Test
    void every_operation_lists_each_problem_it_can_answer_as_problem_json_with_an_example() throws Exception {
        JsonNode doc = json.readTree(get("/v3/api-docs").body());
        Map<String, JsonNode> operations = operations(doc);
        assertThat(operations.keySet()).containsExactlyInAnyOrderElementsOf(ERRORS.keySet());
        JsonNode examples = doc.path("components").path("examples");
        assertThat(doc.path("components").path("schemas").path("Problem").path("required").toString())
                .isEqualTo("[\"type\",\"title\",\"status\"]");
        operations.forEach((name, operation) -> {
            Set<Integer> errors = new TreeSet<>();
            operation.path("responses").fields().forEachRemaining(r -> {
                int status = Integer.parseInt(r.getKey());
                if (status < 400) {
                    return;
                }
                errors.add(status);
                JsonNode content = r.getValue().path("content");
                assertThat(content.size()).as("%s %d: problem+json only", name, status).isEqualTo(1);
                JsonNode media = content.path("application/problem+json");
                assertThat(media.path("schema").path("$ref").asText()).as("%s %d", name, status).isEqualTo("#/components/schemas/Problem");
                assertThat(r.getValue().path("description").asText()).as("%s %d", name, status).isNotBlank();
                assertThat(media.path("examples").size()).as("%s %d has an example", name, status).isPositive();
                media.path("examples").forEach(ref -> {
                    String example = ref.path("$ref").asText().replace("#/components/examples/", "");
                    JsonNode value = examples.path(example).path("value");
                    assertThat(value.path("status").asInt()).as("%s %d: example %s", name, status, example).isEqualTo(status);
                    assertThat(value.path("type").asText()).as("%s: example %s", name, example).isNotBlank();
                    assertThat(value.path("title").asText()).as("%s: example %s", name, example).isNotBlank();
                });
            });
            assertThat(errors).as("the problems %s can answer", name).isEqualTo(ERRORS.get(name));
            assertThat(operation.path("responses").path("403").toString().contains("forbidden-unit"))
                    .as("%s: a reporter's refusal for another unit", name).isEqualTo(REPORTER_NAMES_A_UNIT.contains(name));
        });
    }

    @Test
    void each_command_documents_its_success_status_and_a_created_object_its_location() throws Exception {
        Map<String, JsonNode> operations = operations(json.readTree(get("/v3/api-docs").body()));
        Map<String, String> success = new LinkedHashMap<>();
        operations.forEach((name, operation) -> operation.path("responses").fieldNames().forEachRemaining(code -> {
            if (code.startsWith("2")) {
                success.merge(name, code, (a, b) -> a + "," + b);
            }
        }));
        assertThat(success).containsEntry("POST /api/v1/movements", "201")
                .containsEntry("POST /api/v1/movements/{movementId}/key-tasks/{taskNo}/results", "201")
                .containsEntry("POST /api/v1/movements/{movementId}/communes/{communeCode}/activities", "201")
                .containsEntry("POST /api/v1/movements/{movementId}/closure", "202")
                .containsEntry("POST /api/v1/task-results/{resultId}/corrections", "202")
                .containsEntry("GET /api/v1/audit/integrity", "200");
        operations.forEach((name, operation) -> {
            JsonNode created = operation.path("responses").path("201");
            if (!created.isMissingNode()) {
                assertThat(created.path("headers").has("Location")).as("%s names what it created", name).isTrue();
            }
        });
    }

    /** A request that makes the service answer one kind of problem, and the operation it goes to. */
    record Provoked(String operation, int status, HttpResponse<String> response) {
    }

    HttpResponse<String> send(String method, String path, String contentType, String body, Map<String, String> caller)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        TestTokens.asBearer(caller).forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_documented_examples_are_what_the_service_sends() throws Exception {
        String m = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(m, 1, "TT1");
        String closure = "POST /api/v1/movements/{movementId}/closure";
        String results = "POST /api/v1/movements/{movementId}/key-tasks/{taskNo}/results";
        String keyTasks = "POST /api/v1/movements/{movementId}/key-tasks";
        String enrol = "POST /api/v1/movements/{movementId}/enrolments";
        String task = "{\"taskNo\":1,\"title\":\"x\",\"indicators\":[{\"code\":\"TT1\",\"name\":\"n\",\"unitOfMeasure\":\"%\",\"target\":1}]}";
        String enrolment = "{\"unitId\":\"%s\",\"enrolledOn\":\"2018-02-01\"}";
        String key = "k-" + m;
        post("/api/v1/movements/" + m + "/enrolments", enrolment.formatted("PTP-213"), with(ADMIN, "Idempotency-Key", key));
        List<Provoked> provoked = List.of(
                new Provoked(keyTasks, 400, post("/api/v1/movements/" + m + "/key-tasks", "{}")),
                new Provoked(keyTasks, 400, post("/api/v1/movements/" + m + "/key-tasks", "{")),
                new Provoked(closure, 400, post("/api/v1/movements/" + m + "/closure", "{}",
                        with(ADMIN, "Idempotency-Key", "x".repeat(201)))),
                new Provoked(closure, 401, send("POST", "/api/v1/movements/" + m + "/closure", "application/json", "{}", Map.of())),
                new Provoked(closure, 403, post("/api/v1/movements/" + m + "/closure", "{\"closedOn\":\"2018-12-31\"}",
                        reporter("PTP-213"))),
                new Provoked(results, 403, post("/api/v1/movements/" + m + "/key-tasks/1/results",
                        "{\"unitId\":\"PTP-215\",\"period\":\"2018-Q1\",\"values\":[{\"code\":\"TT1\",\"value\":1}]}",
                        reporter("PTP-213"))),
                new Provoked(closure, 404, post("/api/v1/movements/KHONG-CO/closure", "{\"closedOn\":\"2018-12-31\"}")),
                new Provoked("POST /api/v1/task-results/{resultId}/approval", 404,
                        post("/api/v1/task-results/KHONG-CO~1~PTP-213~2018-Q1/approval", "{}")),
                new Provoked(keyTasks, 409, post("/api/v1/movements/" + m + "/key-tasks", task)),
                new Provoked(closure, 413, post("/api/v1/movements/" + m + "/closure",
                        "{\"summary\":\"" + "x".repeat(300_000) + "\"}")),
                new Provoked(closure, 415, send("POST", "/api/v1/movements/" + m + "/closure", "text/plain", "x", ADMIN)),
                new Provoked(enrol, 422, post("/api/v1/movements/" + m + "/enrolments", enrolment.formatted("PTP-215"),
                        with(ADMIN, "Idempotency-Key", key))),
                new Provoked("GET /api/v1/audit/integrity", 403, get("/api/v1/audit/integrity", ADMIN)));

        Map<String, JsonNode> operations = operations(json.readTree(get("/v3/api-docs").body()));
        JsonNode examples = json.readTree(get("/v3/api-docs").body()).path("components").path("examples");
        for (Provoked p : provoked) {
            assertThat(p.response().statusCode()).as("%s: %s", p.operation(), p.response().body()).isEqualTo(p.status());
            JsonNode sent = problem(p.response());
            List<String> documented = new ArrayList<>();
            operations.get(p.operation()).path("responses").path(String.valueOf(p.status())).path("content")
                    .path("application/problem+json").path("examples").forEach(ref -> {
                        JsonNode value = examples.path(ref.path("$ref").asText().replace("#/components/examples/", "")).path("value");
                        documented.add(value.path("type").asText() + " | " + value.path("title").asText());
                    });
            assertThat(documented).as("%s %d documents what it sent: %s", p.operation(), p.status(), sent)
                    .contains(sent.path("type").asText() + " | " + sent.path("title").asText());
        }
    }

    /** The document as the build lints it (api-lint/, in the verify phase), written where the linter reads it. */
    @Test
    void the_description_is_written_for_the_linter() throws Exception {
        HttpResponse<String> doc = get("/v3/api-docs");
        assertThat(doc.statusCode()).isEqualTo(200);
        Path out = Path.of("target", "openapi", "command-api.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(doc.body())));
    }

    @Test
    void swagger_ui_is_served() throws Exception {
        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }
}
