package vn.thidua.query.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.thidua.embeddedmongo.DurableMongoServer;
import vn.thidua.testing.Infrastructure;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** While the report database is down, a report is refused with {@code 503 store-unavailable} and {@code Retry-After}, never a 500. */
class StoreOutageTest {

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String name = "outage_" + UUID.randomUUID().toString().substring(0, 8);
    final Path dataDir = tempDir();
    DurableMongoServer mongo = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
    ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        mongo.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("Authorization", TestTokens.bearer(TestTokens.token(Role.AUDITOR)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void while_the_database_is_down_a_report_is_503_with_retry_after_and_served_again_once_it_is_back() throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--spring.data.mongodb.uri=" + mongo.connectionString(),
                "--thidua.mongodb.database=" + name,
                "--thidua.mongodb.server-selection-timeout=1s",
                "--thidua.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--thidua.stream.topic=" + name,
                "--thidua.stream.group=" + name));
        args.addAll(TestTokens.arguments());
        service = QueryServiceApplication.application().run(args.toArray(String[]::new));
        String movement = "/api/v1/reports/movements/TD-KHONG-CO";
        assertThat(get(movement).statusCode()).isEqualTo(404);
        int port = mongo.port();
        mongo.close();

        long started = System.nanoTime();
        HttpResponse<String> down = get(movement);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(down.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(new ObjectMapper().readTree(down.body()).get("type").asText())
                .isEqualTo("https://thidua.tuphap.vn/problems/store-unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within seconds").isLessThan(Duration.ofSeconds(20));

        mongo = DurableMongoServer.start(dataDir, "127.0.0.1", port);
        await("the report served again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(movement).statusCode() == 404);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("thidua-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
