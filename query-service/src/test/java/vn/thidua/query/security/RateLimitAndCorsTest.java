package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.testing.Infrastructure;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.testing.RawHttp;
import vn.thidua.query.support.TestTokens;
import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits that need their own settings: five requests a minute per caller (429 with {@code Retry-After} for the
 * sixth, while another caller goes on), two refused authentications a minute per client address (then 429 before
 * authentication, for 30 s, while another address goes on), and one browser origin allowed to call the API.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", "spring.profiles.active=" + TestTokens.PROFILE,
                "thidua.security.requests-per-minute=5", "thidua.security.failed-authentications-per-minute=2",
                "thidua.security.cors-origins=" + RateLimitAndCorsTest.ALLOWED})
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // its settings are of no use to any other test: do not keep it running
class RateLimitAndCorsTest {

    static final String ALLOWED = "https://thidua.bacgiang.gov.vn";
    static final String DB = Infrastructure.uniqueName("limits");
    static final String MOVEMENTS = "/api/v1/reports/movements";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", Infrastructure::mongoUri);
        registry.add("thidua.mongodb.database", () -> DB);
        registry.add("thidua.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
        registry.add("thidua.stream.topic", () -> DB);
        registry.add("thidua.stream.group", () -> DB);
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    HttpResponse<String> get(String token) throws Exception {
        return send(request(MOVEMENTS).header("Authorization", TestTokens.bearer(token)).GET());
    }

    @Test
    void the_sixth_request_of_a_caller_within_a_minute_is_429_with_retry_after_and_another_caller_goes_on() throws Exception {
        String mallory = TestTokens.mint("mallory-" + System.nanoTime(), Role.ANALYST, null, Duration.ofMinutes(5));
        for (int i = 1; i <= 5; i++) {
            assertThat(get(mallory).statusCode()).as("request %d", i).isEqualTo(200);
        }
        HttpResponse<String> sixth = get(mallory);
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 60L));
        assertThat(sixth.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = new ObjectMapper().readTree(sixth.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);

        String alice = TestTokens.mint("alice-" + System.nanoTime(), Role.ANALYST, null, Duration.ofMinutes(5));
        assertThat(get(alice).statusCode()).as("another caller is not limited by mallory").isEqualTo(200);
        assertThat(get(mallory).statusCode()).as("still within the minute").isEqualTo(429);
    }

    @Test
    void an_address_sending_forged_tokens_is_refused_before_authentication_after_two_and_logged_once(CapturedOutput output)
            throws Exception {
        String attacker = RawHttp.freshAddress();
        String forged = LocalTokens.from(LocalKeys.ensure(Files.createTempDirectory("attacker-keys")))
                .mint("mallory", Role.AUDITOR, null, Duration.ofMinutes(5));
        int logged = output.getAll().length();
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Answer last = null;
        for (int i = 0; i < 700; i++) {
            last = RawHttp.send(port, attacker, "GET " + MOVEMENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + forged,
                    new byte[0]);
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 2)).as("the first two are verified and refused").containsOnly(401);
        assertThat(statuses.subList(2, 700)).as("then refused before authentication").containsOnly(429);
        assertThat(last.header("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 60L));
        assertThat(last.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(new ObjectMapper().readTree(last.body()).path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/rate-limited");
        assertThat(last.header("X-Content-Type-Options")).hasValue("nosniff");

        String valid = TestTokens.bearer(TestTokens.mint("alice-" + System.nanoTime(), Role.ANALYST, null, Duration.ofMinutes(5)));
        assertThat(RawHttp.send(port, attacker, "GET " + MOVEMENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + valid,
                new byte[0]).status()).as("the address waits, whatever it sends").isEqualTo(429);
        assertThat(RawHttp.send(port, attacker, "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1", new byte[0]).status())
                .as("health is never refused").isEqualTo(200);
        assertThat(RawHttp.send(port, RawHttp.freshAddress(), "GET " + MOVEMENTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + valid, new byte[0]).status()).as("another address goes on").isEqualTo(200);

        List<String> lines = output.getAll().substring(logged).lines().filter(l -> l.contains("address=" + attacker)).toList();
        assertThat(lines).as("701 refusals, two lines: the first failed authentication, the first refusal before it")
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("Authentication failed"))
                .anySatisfy(l -> assertThat(l).contains("Too many failed authentications"));
    }

    @Test
    void a_preflight_from_the_configured_origin_is_allowed_and_from_another_is_not() throws Exception {
        HttpResponse<String> allowed = send(request(MOVEMENTS).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                h -> assertThat(h.toLowerCase()).contains("authorization"));

        HttpResponse<String> other = send(request(MOVEMENTS).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"));
        assertThat(other.statusCode()).isBetween(400, 499);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void an_actual_cross_origin_request_is_answered_for_the_configured_origin_only() throws Exception {
        String token = TestTokens.mint("browser-" + System.nanoTime(), Role.ANALYST, null, Duration.ofMinutes(5));
        HttpResponse<String> allowed = send(request(MOVEMENTS).header("Origin", ALLOWED)
                .header("Authorization", TestTokens.bearer(token)).GET());
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);

        HttpResponse<String> other = send(request(MOVEMENTS).header("Origin", "https://evil.example")
                .header("Authorization", TestTokens.bearer(token)).GET());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(other.statusCode()).isEqualTo(403);
    }
}
