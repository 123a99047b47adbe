package vn.thidua.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.thidua.command.testing.CommandApiTest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document lists every command endpoint with an example request body; Swagger UI is served. */
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

    @Test
    void swagger_ui_is_served() throws Exception {
        HttpResponse<String> ui = get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }
}
