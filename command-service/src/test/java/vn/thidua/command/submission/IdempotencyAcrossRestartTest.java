package vn.thidua.command.submission;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.thidua.command.CommandServiceApplication;
import vn.thidua.testing.Infrastructure;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A key answered before a restart of the command-service is answered the same way after it. */
class IdempotencyAcrossRestartTest {

    final String db = "restart_" + UUID.randomUUID().toString().substring(0, 8);
    final HttpClient http = HttpClient.newHttpClient();

    ConfigurableApplicationContext start() {
        return CommandServiceApplication.application().run(
                "--server.port=0",
                "--spring.data.mongodb.uri=" + Infrastructure.mongoUri(),
                "--thidua.mongodb.database=" + db,
                "--thidua.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--thidua.publication.topic=" + db,
                "--spring.profiles.active=local",
                "--thidua.security.jwt.local-key-dir=" + TestTokens.keyDirectory());
    }

    HttpResponse<String> post(ConfigurableApplicationContext service, String path, String body, String key) throws Exception {
        int port = ((ServletWebServerApplicationContext) service).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestTokens.token("can-bo-thi-dua", Role.PROVINCE_ADMIN, null)).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_retry_after_a_restart_gets_the_first_answer_and_records_nothing() throws Exception {
        String registration = """
                {"code":"TDTN-2018","title":"Toàn ngành Tư pháp thi đua năm 2018","kind":"ANNUAL",
                 "periodStart":"2018-01-01","periodEnd":"2018-12-31",
                 "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang",
                                  "issuedOn":"2018-01-09","title":"Kế hoạch phát động thi đua năm 2018"}}""";
        HttpResponse<String> first;
        try (ConfigurableApplicationContext before = start()) {
            first = post(before, "/api/v1/movements", registration, "dang-ky-2018");
            assertThat(first.statusCode()).isEqualTo(201);
        }
        try (ConfigurableApplicationContext after = start();
             MongoClient mongo = MongoClients.create(Infrastructure.mongoUri())) {
            HttpResponse<String> retry = post(after, "/api/v1/movements", registration, "dang-ky-2018");
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(mongo.getDatabase(db).getCollection(MongoCommitLog.COLLECTION)
                    .countDocuments(Filters.ne("gap", true))).isEqualTo(1);
            HttpResponse<String> otherBody = post(after, "/api/v1/movements", registration.replace("2018-12-31", "2018-06-30"),
                    "dang-ky-2018");
            assertThat(otherBody.statusCode()).isEqualTo(422);
        }
    }
}
