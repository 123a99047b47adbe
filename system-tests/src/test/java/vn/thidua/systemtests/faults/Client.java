package vn.thidua.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A careful client of the command API: every {@code POST} carries its {@code Idempotency-Key} and is sent again, with
 * the same key, on any error or timeout until it gets a 2xx — honouring {@code Retry-After} — or a refusal. What it
 * sees goes to the {@link Observations}: a 5xx other than 503, a 503 without {@code Retry-After}, a refusal of a command
 * the scenario expects to succeed, a replayed answer that differs from the first.
 */
final class Client {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<String> RETRY_KINDS = Set.of("concurrent-change", "submission-in-progress", "rate-limited");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final IntFunction<String> router;
    private final Observations observations;

    /** @param router the base URL of a command-service for the n-th attempt */
    Client(IntFunction<String> router, Observations observations) {
        this.router = router;
        this.observations = observations;
    }

    /** One answer. */
    record Answer(int status, String problemKind, String retryAfter, String location, boolean replayed, JsonNode body,
                  String text) {
        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /**
     * Sends {@code command} until it is accepted (true) or refused (false, recorded as a violation); gives up after
     * {@code limit}.
     */
    boolean send(Command command, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        int attempt = 0;
        boolean uncertain = false;
        while (System.nanoTime() < deadline) {
            String base = router.apply(attempt++);
            Answer answer;
            try {
                answer = post(base, command);
            } catch (IOException e) {
                observations.noAnswer();
                uncertain = true;
                Processes.hold(backoff(attempt));
                continue;
            }
            observations.answered(answer);
            if (answer.status() / 100 == 2) {
                if (answer.status() != command.accepted()) {
                    observations.violation("%s answered %d, not %d: %s".formatted(command, answer.status(), command.accepted(), answer));
                }
                observations.accepted(command, answer, uncertain, attempt);
                return true;
            }
            if (answer.status() == 503) {
                uncertain = true;
                Processes.hold(retryAfter(answer, attempt));
                continue;
            }
            if (answer.status() == 429 || (answer.status() == 409 && RETRY_KINDS.contains(answer.problemKind()))) {
                uncertain |= "submission-in-progress".equals(answer.problemKind());
                Processes.hold(answer.retryAfter() == null ? Duration.ofMillis(20) : retryAfter(answer, attempt));
                continue;
            }
            if (answer.status() >= 500) {
                uncertain = true;
                Processes.hold(backoff(attempt));
                continue;
            }
            observations.violation("%s refused at attempt %d%s: %s".formatted(command, attempt,
                    uncertain ? " (after an attempt without a definite answer)" : "", answer));
            return false;
        }
        observations.violation("%s: no definite answer within %s (%d attempts)".formatted(command, limit, attempt));
        return false;
    }

    /** The same request once more: it must get the first answer again, replayed. */
    void replay(Command command, Answer first) {
        for (int attempt = 0; attempt < 50; attempt++) {
            Answer again;
            try {
                again = post(router.apply(attempt), command);
            } catch (IOException e) {
                Processes.hold(backoff(attempt));
                continue;
            }
            if (again.status() == 503 || again.status() == 429) {
                Processes.hold(retryAfter(again, attempt));
                continue;
            }
            observations.replayed(command, first, again);
            return;
        }
        observations.violation("%s: no answer to its replay".formatted(command));
    }

    Answer post(String base, Command command) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + command.path())).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + command.token())
                .header("Idempotency-Key", command.key())
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(command.body()), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = MissingNode.getInstance();
            try {
                if (response.body() != null && !response.body().isBlank()) {
                    body = JSON.readTree(response.body());
                }
            } catch (IOException notJson) {
                // kept as text
            }
            String type = body.path("type").asText("");
            return new Answer(response.statusCode(), type.substring(type.lastIndexOf('/') + 1),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Idempotent-Replayed").isPresent(), body, response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(1_000, 50L << Math.min(attempt, 5)));
    }

    /** What {@code Retry-After} asks (at most 10 s, the suite's own bound), or a short backoff when it is missing. */
    private static Duration retryAfter(Answer answer, int attempt) {
        try {
            return Duration.ofSeconds(Math.min(10, Long.parseLong(answer.retryAfter().trim())));
        } catch (RuntimeException e) {
            return backoff(attempt);
        }
    }
}
