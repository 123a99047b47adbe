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

/** A small JSON-over-HTTP client of the services' APIs, as an outside client would call them. */
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

    /** POSTs {@code body} as JSON; throws {@link IOException} when there is no answer (refused, reset, timeout). */
    public static Response post(String url, Object body) throws IOException {
        return post(url, body, null);
    }

    /** POSTs with an {@code Idempotency-Key} (the same on every retry of one submission), when not null. */
    public static Response post(String url, Object body, String idempotencyKey) throws IOException {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        HttpRequest request = builder
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json, application/problem+json")
                .header("X-Subject", "system-test").header("X-Role", "PROVINCE_ADMIN")
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

    public static Response get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json").GET().build();
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
