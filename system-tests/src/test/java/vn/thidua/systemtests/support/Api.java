package vn.thidua.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small JSON-over-HTTP client of the services' APIs, as an outside client would call them, with a bearer token
 * ({@link Tokens}): a POST as the province admin unless another token is given, a GET of the audit API as an auditor,
 * any other GET as an analyst. A {@code null} token sends none.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private Api() {
    }

    /** An answer: its status, content type and body as JSON (missing when empty or not JSON). */
    public record Response(int status, String contentType, String text, JsonNode json) {

        public boolean isProblem() {
            return contentType != null && contentType.startsWith("application/problem+json");
        }

        /** The last path segment of a problem's {@code type}, e.g. {@code concurrent-change}. */
        public String problemKind() {
            String type = json.path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + text;
        }
    }

    /**
     * POSTs {@code body} as JSON as the province admin; throws {@link IOException} when there is no answer (refused,
     * reset, timeout).
     */
    public static Response post(String url, Object body) throws IOException {
        return post(url, body, null);
    }

    /** POSTs as the province admin with an {@code Idempotency-Key} (the same on every retry of one submission), when not null. */
    public static Response post(String url, Object body, String idempotencyKey) throws IOException {
        return post(url, body, idempotencyKey, Tokens.admin());
    }

    /** POSTs with the given bearer token (none when null) and {@code Idempotency-Key} (when not null). */
    public static Response post(String url, Object body, String idempotencyKey, String token) throws IOException {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        authorize(builder, token);
        HttpRequest request = builder
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build();
        return send(request);
    }

    /** POSTs and expects an answer (no I/O failure). */
    public static Response postOk(String url, Object body) {
        try {
            return post(url, body);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " got no answer", e);
        }
    }

    /** GETs as an auditor ({@code /api/v1/audit/**}) or an analyst (anything else). */
    public static Response get(String url) {
        return get(url, URI.create(url).getPath().startsWith("/api/v1/audit") ? Tokens.auditor() : Tokens.analyst());
    }

    /** GETs with the given bearer token (none when null). */
    public static Response get(String url, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        authorize(builder, token);
        HttpRequest request = builder.header("Accept", "application/json, application/problem+json").GET().build();
        try {
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " got no answer", e);
        }
    }

    /** {@code base + path + ?k=v&…} with the values URL-encoded as UTF-8. */
    public static String url(String base, String path, Map<String, ?> query) {
        if (query.isEmpty()) {
            return base + path;
        }
        return base + path + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(String.valueOf(e.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static void authorize(HttpRequest.Builder builder, String token) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
    }

    private static Response send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String contentType = response.headers().firstValue("Content-Type").orElse(null);
            JsonNode json = MissingNode.getInstance();
            if (response.body() != null && !response.body().isBlank()) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException notJson) {
                    // keep the text
                }
            }
            return new Response(response.statusCode(), contentType, response.body(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
