package vn.thidua.demo;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The loader's requests carry the sender's bearer token; a 429 is waited out and sent again. */
class SenderTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sends_the_bearer_token_and_waits_out_a_429_without_spending_an_attempt() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            boolean throttled = calls.incrementAndGet() <= 2;
            byte[] body = (throttled ? "{\"type\":\"https://thidua.tuphap.vn/problems/rate-limited\",\"status\":429}"
                    : "{\"movementId\":\"TDTN-2018\"}").getBytes(StandardCharsets.UTF_8);
            if (throttled) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(throttled ? 429 : 201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();

        Tally tally = new Tally(1, 5);
        Tokens tokens = Tokens.of(java.nio.file.Path.of("no-such-key-dir"), "admin.token.x", Map.of());
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        // one attempt allowed: the two 429s must not count as attempts
        Sender sender = new Sender(Sender.client(), base, 1, tally, tokens);
        DemoRequest request = new DemoRequest("demo-2018:movement:TDTN-2018", "/api/v1/movements", "{}",
                ScenarioGenerator.ADMIN_SUBJECT, DemoRequest.PROVINCE_ADMIN, null, null, null);

        Sender.Answer answer = sender.send(request);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(tally.throttled.get()).isEqualTo(2);
        assertThat(tally.refusedCount()).isZero();
        assertThat(authorizations).hasSize(3).containsOnly("Bearer admin.token.x");
    }

    @Test
    void a_401_is_a_refusal() throws IOException, InterruptedException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"type\":\"https://thidua.tuphap.vn/problems/unauthenticated\",\"status\":401}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Tally tally = new Tally(1, 5);
        Sender sender = new Sender(Sender.client(), URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                8, tally, Tokens.of(java.nio.file.Path.of("no-such-key-dir"), "not.a.valid-token", Map.of()));
        Sender.Answer answer = sender.send(new DemoRequest("k", "/api/v1/movements", "{}", "vp-thi-dua",
                DemoRequest.PROVINCE_ADMIN, null, null, null));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(tally.refusedByStatus()).containsEntry(401, 1);
        assertThat(tally.retries.get()).isZero();
    }
}
