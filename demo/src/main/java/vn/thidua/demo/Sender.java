package vn.thidua.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the requests of a chain in order through the JDK's HTTP client, each with its sender's bearer token
 * ({@link Tokens}). A {@code 409} whose problem type is {@code …/submission-in-progress} or
 * {@code …/concurrent-change}, a {@code 503}, or no answer at all is retried after a moment with the same
 * {@code Idempotency-Key} (so a retry never records twice), a bounded number of times. A {@code 429} (the sender's
 * rate limit) is sent again after its {@code Retry-After}, without counting as an attempt. Any other refusal stops
 * the chain: its later requests depend on the refused one.
 */
final class Sender {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** How long one request may wait, in total, for its sender's rate limit before it counts as refused. */
    static final long MAX_THROTTLED_MILLIS = 15 * 60_000;

    private final HttpClient http;
    private final URI base;
    private final int maxAttempts;
    private final Tally tally;
    private final Tokens tokens;

    Sender(HttpClient http, URI base, int maxAttempts, Tally tally, Tokens tokens) {
        this.http = http;
        this.base = base;
        this.maxAttempts = maxAttempts;
        this.tally = tally;
        this.tokens = tokens;
    }

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Sends the chain's requests one after the other; stops at the first refusal. */
    void run(Chain chain) throws InterruptedException {
        List<DemoRequest> requests = new ArrayList<>(chain.requests());
        for (int i = 0; i < requests.size(); i++) {
            DemoRequest request = requests.get(i);
            Answer answer = send(request);
            if (answer == null || !answer.isSuccess()) {
                tally.skipped.addAndGet(requests.size() - i - 1);
                return;
            }
            if (request.captureField() != null && answer.body() != null) {
                JsonNode value = answer.body().get(request.captureField());
                if (value != null && value.isTextual() && !value.asText().equals(request.captureExpected())) {
                    // the server named the resource otherwise than the scenario expected: follow the server
                    tally.capturedDifferent.incrementAndGet();
                    for (int j = i + 1; j < requests.size(); j++) {
                        DemoRequest later = requests.get(j);
                        requests.set(j, later.withPath(later.path().replace(request.captureExpected(), value.asText())));
                    }
                }
            }
        }
    }

    record Answer(int status, boolean replayed, JsonNode body) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** One request, retried when the answer says "again in a moment"; {@code null} when no answer came. */
    Answer send(DemoRequest request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("Idempotency-Key", request.key())
                .header("Authorization", tokens.authorization(request))
                .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        HttpRequest httpRequest = builder.build();
        String lastProblem = null;
        long throttledMillis = 0;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                tally.exchanges.incrementAndGet();
                response = http.send(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (attempt >= maxAttempts) {
                    tally.refused(new Tally.Refusal(request, 0, null, lastProblem, false));
                    return null;
                }
                tally.retries.incrementAndGet();
                Thread.sleep(backoff(attempt, null));
                continue;
            }
            int status = response.statusCode();
            boolean replayed = response.headers().firstValue(REPLAYED_HEADER).map("true"::equalsIgnoreCase).orElse(false);
            JsonNode body = Json.readOrNull(response.body());
            if (status >= 200 && status < 300) {
                tally.success(status, replayed);
                return new Answer(status, replayed, body);
            }
            String type = body == null || body.get("type") == null ? null : body.get("type").asText();
            if (status == 429 && throttledMillis < MAX_THROTTLED_MILLIS) {
                // the sender's rate limit: nothing was recorded; again once the limit allows, not an attempt
                long wait = backoff(1, response.headers().firstValue("Retry-After").orElse("1"));
                tally.throttled.incrementAndGet();
                throttledMillis += wait;
                attempt--;
                Thread.sleep(wait);
                continue;
            }
            if (isWorthRetrying(status, type) && attempt < maxAttempts) {
                tally.retries.incrementAndGet();
                Thread.sleep(backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)));
                continue;
            }
            String detail = body == null ? abbreviate(response.body())
                    : text(body, "detail") + (body.has("rule") ? " [rule " + text(body, "rule") + "]" : "");
            tally.refused(new Tally.Refusal(request, status, type, detail, replayed));
            return new Answer(status, replayed, body);
        }
    }

    static boolean isWorthRetrying(int status, String problemType) {
        if (status == 503) {
            return true;
        }
        return status == 409 && problemType != null
                && (problemType.endsWith("/submission-in-progress") || problemType.endsWith("/concurrent-change"));
    }

    /** 200 ms, 400 ms, 800 ms … up to 5 s; at least what {@code Retry-After} (seconds) asks. */
    static long backoff(int attempt, String retryAfter) {
        long millis = Math.min(5_000, 200L << Math.min(attempt - 1, 5));
        if (retryAfter != null) {
            try {
                millis = Math.max(millis, Math.min(30_000, Long.parseLong(retryAfter.trim()) * 1000));
            } catch (NumberFormatException ignored) {
                // an HTTP date: keep our own backoff
            }
        }
        return millis;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null ? "" : node.asText();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
