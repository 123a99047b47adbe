package vn.thidua.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.thidua.command.CommandServiceApplication;
import vn.thidua.testing.Infrastructure;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.embeddedmongo.DurableMongoServer;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the event database is down, a command is refused with {@code 503 store-unavailable} and a {@code Retry-After}
 * (never a 500), with or without an {@code Idempotency-Key}, within seconds; once the database is back, the retry
 * with the same key is recorded once.
 */
class StoreOutageTest {

    static final String REGISTRATION = """
            {"code":"%s","title":"Toàn ngành Tư pháp thi đua năm 2018","kind":"ANNUAL",
             "periodStart":"2018-01-01","periodEnd":"2018-12-31",
             "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang",
                              "issuedOn":"2018-01-09","title":"Kế hoạch phát động thi đua năm 2018"}}""";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    final String db = "outage_" + UUID.randomUUID().toString().substring(0, 8);
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

    void startService() {
        service = CommandServiceApplication.application().run(
                "--server.port=0",
                "--spring.data.mongodb.uri=" + mongo.connectionString(),
                "--thidua.mongodb.database=" + db,
                "--thidua.mongodb.server-selection-timeout=1s",
                "--thidua.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--thidua.publication.topic=" + db,
                "--spring.profiles.active=local",
                "--thidua.security.jwt.local-key-dir=" + TestTokens.keyDirectory());
    }

    HttpResponse<String> register(String code, String key) throws Exception {
        int port = ((ServletWebServerApplicationContext) service).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/movements"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.token("can-bo-thi-dua", Role.PROVINCE_ADMIN, null))
                .POST(HttpRequest.BodyPublishers.ofString(REGISTRATION.formatted(code)));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertStoreUnavailable(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isPositive());
        assertThat(json.readTree(answer.body()).get("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/store-unavailable");
    }

    @Test
    void while_the_database_is_down_commands_get_503_with_retry_after_and_a_keyed_retry_is_recorded_once_it_is_back()
            throws Exception {
        startService();
        assertThat(register("TD-TRUOC", "truoc").statusCode()).isEqualTo(201);
        int port = mongo.port();
        mongo.close();

        long started = System.nanoTime();
        assertStoreUnavailable(register("TD-KHOA", "khoa-1"));
        assertStoreUnavailable(register("TD-KHONG-KHOA", null));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within seconds").isLessThan(Duration.ofSeconds(20));

        mongo = DurableMongoServer.start(dataDir, "127.0.0.1", port);
        await("the service reaches the database again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> register("TD-KHOA", "khoa-1").statusCode() != 503);
        HttpResponse<String> retry = register("TD-KHOA", "khoa-1");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
        try (var client = com.mongodb.client.MongoClients.create(mongo.connectionString())) {
            assertThat(client.getDatabase(db).getCollection(vn.thidua.eventlog.store.MongoCommitLog.COLLECTION)
                    .countDocuments(com.mongodb.client.model.Filters.eq("aggregateId", "TD-KHOA"))).isEqualTo(1);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("thidua-outage");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
