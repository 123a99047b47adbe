package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.io.IOException;
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
 * The report API's OpenAPI document lists, for every operation, each problem it can answer (problem+json, an example
 * each, as the service really sends it). The document is written to target/openapi/ for the build's linter (Redocly,
 * api-lint/).
 */
class OpenApiTest extends SecuredApi {

    /** Every operation can answer 503 store-unavailable (the report database down). */
    static final Set<Integer> READ = Set.of(400, 401, 403, 429, 503);
    static final Set<Integer> READ_ONE = Set.of(400, 401, 403, 404, 429, 503);
    static final Set<Integer> BOARD = Set.of(400, 401, 403, 404, 422, 429, 503);

    /** The statuses each operation can answer with besides its success: what the code does, written out by hand. */
    static final Map<String, Set<Integer>> ERRORS = Map.ofEntries(
            Map.entry("GET /api/v1/reports/movements", READ),
            Map.entry("GET /api/v1/reports/movements/{movementId}", READ_ONE),
            Map.entry("GET /api/v1/reports/key-tasks", BOARD),
            Map.entry("GET /api/v1/reports/key-tasks/national", BOARD),
            Map.entry("GET /api/v1/reports/communes", BOARD),
            Map.entry("GET /api/v1/reports/changes", Set.of(401, 403, 429, 503)),
            Map.entry("GET /api/v1/reports/task-results/{resultId}", READ_ONE),
            Map.entry("GET /api/v1/audit/events", READ),
            Map.entry("GET /api/v1/audit/streams/{aggregateId}", READ_ONE),
            Map.entry("GET /api/v1/audit/parked", READ),
            Map.entry("POST /api/v1/audit/parked/retry", READ_ONE),
            Map.entry("GET /api/v1/rebuilds", READ),
            Map.entry("GET /api/v1/rebuilds/{id}", READ_ONE),
            Map.entry("POST /api/v1/rebuilds", Set.of(400, 401, 403, 404, 409, 429, 503)));

    JsonNode description() {
        return body(get("/v3/api-docs", (String) null));
    }

    /** Every operation of the document, as "METHOD /path" → the operation. */
    static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                op -> operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue())));
        return operations;
    }

    @Test
    void every_operation_lists_each_problem_it_can_answer_as_problem_json_with_an_example() {
        JsonNode doc = description();
        Map<String, JsonNode> operations = operations(doc);
        assertThat(operations.keySet()).containsExactlyInAnyOrderElementsOf(ERRORS.keySet());
        JsonNode examples = doc.path("components").path("examples");
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
                assertThat(media.path("examples").size()).as("%s %d has an example", name, status).isPositive();
                media.path("examples").forEach(ref -> {
                    String example = ref.path("$ref").asText().replace("#/components/examples/", "");
                    assertThat(examples.path(example).path("value").path("status").asInt())
                            .as("%s %d: example %s", name, status, example).isEqualTo(status);
                });
            });
            assertThat(errors).as("the problems %s can answer", name).isEqualTo(ERRORS.get(name));
        });
    }

    @Test
    void operation_ids_are_names_a_client_can_use() {
        List<String> ids = new ArrayList<>();
        operations(description()).values().forEach(op -> ids.add(op.path("operationId").asText()));
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[a-z][A-Za-z]+"))
                .contains("keyTaskBoard", "supportBoard", "listAuditEvents", "listParkedEvents");
    }

    /** A request that makes the service answer one kind of problem, and the operation it goes to. */
    record Provoked(String operation, int status, HttpResponse<String> response) {
    }

    @Test
    void the_documented_examples_are_what_the_service_sends() {
        String auditor = TestTokens.token(Role.AUDITOR);
        String admin = TestTokens.token(Role.PROVINCE_ADMIN);
        String reporter = TestTokens.token(Role.UNIT_REPORTER);
        List<Provoked> provoked = List.of(
                new Provoked("GET /api/v1/reports/key-tasks", 400, get("/api/v1/reports/key-tasks?period=2018", auditor)),
                new Provoked("GET /api/v1/reports/key-tasks", 400, get("/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q9", auditor)),
                new Provoked("GET /api/v1/audit/events", 400, get("/api/v1/audit/events?size=999", auditor)),
                new Provoked("GET /api/v1/audit/events", 401, get("/api/v1/audit/events", (String) null)),
                new Provoked("GET /api/v1/audit/events", 403, get("/api/v1/audit/events", admin)),
                new Provoked("GET /api/v1/reports/communes", 403, get("/api/v1/reports/communes?movementId=" + NTM + "&unitId=" + OTHER, reporter)),
                new Provoked("POST /api/v1/rebuilds", 403, send("POST", "/api/v1/rebuilds?projection=audit-log&mode=REBUILD", auditor, null)),
                new Provoked("GET /api/v1/reports/key-tasks", 404, get("/api/v1/reports/key-tasks?movementId=" + UNKNOWN + "&period=2018", auditor)),
                new Provoked("GET /api/v1/reports/movements/{movementId}", 404, get("/api/v1/reports/movements/" + UNKNOWN, auditor)),
                new Provoked("GET /api/v1/audit/streams/{aggregateId}", 404, get("/api/v1/audit/streams/" + UNKNOWN, auditor)),
                new Provoked("GET /api/v1/rebuilds/{id}", 404, get("/api/v1/rebuilds/0a1b2c3d-0000-4000-8000-000000000000", auditor)),
                new Provoked("POST /api/v1/rebuilds", 404, send("POST", "/api/v1/rebuilds?projection=khong-co&mode=VERIFY", auditor, null)),
                new Provoked("POST /api/v1/audit/parked/retry", 404,
                        send("POST", "/api/v1/audit/parked/retry?projection=khong-co&aggregateId=X", admin, null)));

        JsonNode doc = description();
        Map<String, JsonNode> operations = operations(doc);
        JsonNode examples = doc.path("components").path("examples");
        for (Provoked p : provoked) {
            assertThat(p.response().statusCode()).as("%s: %s", p.operation(), p.response().body()).isEqualTo(p.status());
            assertThat(p.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode sent = body(p.response());
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
    void the_description_is_written_for_the_linter() throws IOException {
        Path out = Path.of("target", "openapi", "query-api.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(description()));
    }
}
