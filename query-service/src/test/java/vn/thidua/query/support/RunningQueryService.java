package vn.thidua.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.thidua.testing.Infrastructure;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole query-service, started as its {@code main} starts it, on a free port, against the test
 * infrastructure, accepting the {@link TestTokens} (profile {@code local}). Closing it stops its consumer (it leaves
 * the group); starting another with the same settings is a restart. Requests carry an {@code AUDITOR} token (it reads
 * every endpoint) unless the caller passes another.
 */
public final class RunningQueryService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningQueryService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the service reading {@code topic} as consumer group {@code group} into {@code database}. */
    public static RunningQueryService start(String database, String topic, String group, String... extraArguments) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.data.mongodb.uri=" + Infrastructure.mongoUri(),
                "--thidua.mongodb.database=" + database,
                "--thidua.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--thidua.stream.topic=" + topic,
                "--thidua.stream.group=" + group));
        args.addAll(TestTokens.arguments());
        args.addAll(List.of(extraArguments));
        return new RunningQueryService(QueryServiceApplication.application().run(args.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** GET as an {@code AUDITOR}. */
    public HttpResponse<String> get(String path) {
        return get(path, TestTokens.token(Role.AUDITOR));
    }

    /** GET with the given bearer token ({@code null}: none). */
    public HttpResponse<String> get(String path, String token) {
        return get(path, token, "application/json");
    }

    /** GET with the given bearer token ({@code null}: none) and Accept header. */
    public HttpResponse<String> get(String path, String token, String accept) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).GET().header("Accept", accept), token);
    }

    /** POST without a body, with the given bearer token ({@code null}: none). */
    public HttpResponse<String> post(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The body of a {@code 200} answer, or {@code null} for any other status. */
    public JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events this instance handed to its projections (counted once their batch is committed). */
    public double eventsApplied() {
        return context.getBean(MeterRegistry.class).get("thidua.projection.events").counter().count();
    }

    @Override
    public void close() {
        context.close();
    }
}
