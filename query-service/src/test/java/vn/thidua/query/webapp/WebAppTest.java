package vn.thidua.query.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.testing.Infrastructure;
import vn.thidua.query.support.RunningQueryService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app as query-service serves it: its page and bundles without a token, under a content security policy that
 * lets it talk to this service, the command-service and nothing else; its start-up configuration; and the local
 * sign-in, which exists only in the {@code local} profile.
 */
class WebAppTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String COMMANDS = "http://localhost:18081";
    static RunningQueryService local;
    static ConfigurableApplicationContext deployed;

    @BeforeAll
    static void start() {
        String db = Infrastructure.uniqueName("webapp");
        local = RunningQueryService.start(db, db, db, "--thidua.web.command-api=" + COMMANDS + "/");
        // a deployment: an issuer's keys (never fetched here: no token is sent to it), no local profile, no local key
        deployed = QueryServiceApplication.application().run("--server.port=0",
                "--spring.data.mongodb.uri=" + Infrastructure.mongoUri(), "--thidua.mongodb.database=" + db + "_deployed",
                "--thidua.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(), "--thidua.stream.topic=" + db,
                "--thidua.stream.group=" + db + "_deployed", "--thidua.security.jwt.jwk-set-uri=http://127.0.0.1:9/keys",
                "--thidua.web.oidc.issuer=https://sso.example.gov.vn/realms/thidua", "--thidua.web.oidc.client-id=thidua-web");
    }

    @AfterAll
    static void stop() {
        local.close();
        deployed.close();
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static HttpResponse<String> send(int port, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_page_is_served_without_a_token_under_a_policy_that_allows_this_service_and_the_commands_only() {
        HttpResponse<String> page = send(local.port(), "GET", "/app/", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<html lang=\"vi\">").doesNotContain("<script>");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "connect-src 'self' " + COMMANDS + ";", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(send(local.port(), "GET", "/app", null).statusCode()).as("/app opens /app/").isEqualTo(302);
    }

    @Test
    void the_bundles_are_kept_by_browsers_their_names_changing_with_their_content() {
        Matcher script = Pattern.compile("src=\"(/app/assets/[^\"]+\\.js)\"").matcher(send(local.port(), "GET", "/app/", null).body());
        assertThat(script.find()).isTrue();

        HttpResponse<String> bundle = send(local.port(), "GET", script.group(1), null);

        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("max-age=31536000", "immutable"));
        assertThat(send(local.port(), "GET", "/app/assets/khong-co.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void the_configuration_names_the_command_api_the_sign_in_and_the_reference_lists() {
        JsonNode config = json(send(local.port(), "GET", "/app/config.json", null));

        assertThat(config.path("commandApi").asText()).isEqualTo(COMMANDS);
        assertThat(config.path("signIn").path("local").asBoolean()).isTrue();
        assertThat(config.path("signIn").path("oidc").isNull()).isTrue();
        assertThat(config.path("reference").path("districts")).hasSize(10);
        assertThat(config.path("reference").path("units").findValuesAsText("id")).contains("PTP-213", "STP-VP");
    }

    @Test
    void the_local_sign_in_gives_a_token_of_the_role_and_unit_chosen_which_the_report_api_accepts() {
        HttpResponse<String> answer = send(local.port(), "POST", "/app/local-sign-in", "{\"role\":\"UNIT_REPORTER\",\"unitId\":\"PTP-213\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        String token = json(answer).path("token").asText();
        JsonNode claims = claims(token);
        assertThat(claims.path("roles").get(0).asText()).isEqualTo("UNIT_REPORTER");
        assertThat(claims.path("unitId").asText()).isEqualTo("PTP-213");
        assertThat(claims.path("sub").asText()).isEqualTo("unit_reporter-ptp-213");
        assertThat(local.get("/api/v1/reports/movements", token).statusCode()).isEqualTo(200);
    }

    @Test
    void the_local_sign_in_gives_a_token_of_the_province_chosen_or_of_the_ministry() {
        HttpResponse<String> ministry = send(local.port(), "POST", "/app/local-sign-in", "{\"role\":\"ANALYST\",\"provinceCode\":\"BTP\"}");
        HttpResponse<String> province = send(local.port(), "POST", "/app/local-sign-in",
                "{\"role\":\"UNIT_REPORTER\",\"unitId\":\"PTP-213\",\"provinceCode\":\"24\"}");

        assertThat(ministry.statusCode()).isEqualTo(200);
        assertThat(json(ministry).path("provinceCode").asText()).isEqualTo("BTP");
        assertThat(claims(json(ministry).path("token").asText()).path("provinceCode").asText()).isEqualTo("BTP");
        assertThat(claims(json(province).path("token").asText()).path("provinceCode").asText()).isEqualTo("24");
        assertThat(local.get("/api/v1/reports/movements", json(ministry).path("token").asText()).statusCode()).isEqualTo(200);
        assertThat(claims(json(send(local.port(), "POST", "/app/local-sign-in", "{\"role\":\"ANALYST\"}")).path("token").asText())
                .has("provinceCode")).as("none chosen: no claim, as ./token.sh without --province").isFalse();
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_local_sign_in_refuses_an_unknown_role_or_province_a_reporter_without_a_unit_of_its_province_and_a_unit_for_another_role() {
        for (String[] refused : new String[][]{
                {"{\"role\":\"CITIZEN\"}", "role"},
                {"{\"role\":\"UNIT_REPORTER\"}", "unitId"},
                {"{\"role\":\"UNIT_REPORTER\",\"unitId\":\"PTP-999\"}", "unitId"},
                {"{\"role\":\"ANALYST\",\"unitId\":\"PTP-213\"}", "unitId"},
                {"{\"role\":\"ANALYST\",\"subject\":\"Nguyễn Văn A\"}", "subject"},
                {"{\"role\":\"ANALYST\",\"provinceCode\":\"Bắc Giang\"}", "provinceCode"},
                {"{\"role\":\"UNIT_REPORTER\",\"unitId\":\"PTP-213\",\"provinceCode\":\"19\"}", "unitId"},
                {"{\"role\":\"UNIT_REPORTER\",\"unitId\":\"PTP-213\",\"provinceCode\":\"BTP\"}", "unitId"},
                {null, "role"}}) {
            HttpResponse<String> answer = send(local.port(), "POST", "/app/local-sign-in", refused[0]);
            assertThat(answer.statusCode()).as(refused[0]).isEqualTo(400);
            assertThat(json(answer).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/invalid-request");
            assertThat(json(answer).path("errors").get(0).path("field").asText()).isEqualTo(refused[1]);
        }
    }

    @Test
    void the_local_sign_in_reads_no_body_larger_than_the_apis_accept() {
        String large = "{\"role\":\"ANALYST\",\"subject\":\"" + "a".repeat(300_000) + "\"}";

        HttpResponse<String> answer = send(local.port(), "POST", "/app/local-sign-in", large);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(json(answer).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/payload-too-large");
    }

    @Test
    void the_local_sign_in_answers_callers_on_this_machine_only() {
        assertThat(LocalSignInController.fromThisMachine("127.0.0.1")).isTrue();
        assertThat(LocalSignInController.fromThisMachine("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(LocalSignInController.fromThisMachine("192.168.1.20")).isFalse();
        assertThat(LocalSignInController.fromThisMachine("203.0.113.5")).isFalse();
    }

    @Test
    void outside_the_local_profile_there_is_no_local_sign_in_and_the_app_signs_in_with_the_issuer() {
        HttpResponse<String> answer = send(port(deployed), "POST", "/app/local-sign-in", "{\"role\":\"PROVINCE_ADMIN\"}");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("token");
        JsonNode config = json(send(port(deployed), "GET", "/app/config.json", null));
        assertThat(config.path("signIn").path("local").asBoolean()).isFalse();
        assertThat(config.path("signIn").path("oidc").path("authority").asText()).isEqualTo("https://sso.example.gov.vn/realms/thidua");
        assertThat(config.path("signIn").path("oidc").path("clientId").asText()).isEqualTo("thidua-web");
        assertThat(send(port(deployed), "GET", "/app/", null).headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self' http://localhost:8081 https://sso.example.gov.vn;");
    }
}
