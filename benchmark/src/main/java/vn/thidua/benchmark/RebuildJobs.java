package vn.thidua.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;
import static vn.thidua.benchmark.IngestBenchmark.sleep;

/**
 * Rebuild jobs through query-service's API: {@code POST /api/v1/rebuilds?projection=P&mode=REBUILD}, then its
 * {@code Location} polled every 500 ms until the job is COMPLETED (progress logged every 10 s, a jstack sample taken
 * every {@code --jstack-every} seconds while it replays, at most {@code --jstack} in all).
 */
final class RebuildJobs {

    /**
     * A finished job as the API reported it.
     *
     * @param done          events the job processed
     * @param seconds       the job's own time
     * @param wallSeconds   from the POST to seeing it COMPLETED
     * @param replayDone    events done when the replay phase ended (-1 if it was never seen to end)
     * @param replaySeconds how long it was seen in the replay phase (0 if unknown)
     */
    record Finished(long done, double seconds, double wallSeconds, long replayDone, double replaySeconds) {

        double replayRate() {
            return replaySeconds <= 0 ? Double.NaN : replayDone / replaySeconds;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Stack stack;
    private final String adminToken;
    private final RebuildOptions options;

    RebuildJobs(HttpClient http, Stack stack, String adminToken, RebuildOptions options) {
        this.http = http;
        this.stack = stack;
        this.adminToken = adminToken;
        this.options = options;
    }

    /** Starts one job and follows it; null if the API refused it (400/404: no such projection). */
    Finished run(String name, JstackSampler jstacks) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl
                        + "/api/v1/rebuilds?projection=" + name + "&mode=REBUILD"))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() == 400 || started.statusCode() == 404) {
            log("POST rebuild %s: HTTP %d %s".formatted(name, started.statusCode(), started.body()));
            return null;
        }
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST rebuild %s: HTTP %d %s".formatted(name, started.statusCode(), started.body()));
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        log("rebuild of %s started: %s".formatted(name, location));
        URI uri = URI.create(stack.queryUrl).resolve(location);
        long deadline = t0 + options.rebuildTimeout.toNanos();
        long lastLog = System.nanoTime();
        long replayEndDone = -1;
        long replayEndAt = 0;
        long replayStartAt = 0;
        long nextJstack = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET %s: HTTP %d %s".formatted(uri, r.statusCode(), r.body()));
            }
            JsonNode job = JSON.readTree(r.body());
            String state = job.path("state").asText();
            String jobPhase = job.path("phase").asText();
            JsonNode progress = job.path("progress");
            long now = System.nanoTime();
            if (replayStartAt == 0 && jobPhase.equals("REPLAYING")) {
                replayStartAt = now;
            }
            if (replayEndDone < 0 && replayStartAt > 0 && !jobPhase.equals("REPLAYING") && !jobPhase.equals("STARTING")) {
                replayEndDone = progress.path("done").asLong();
                replayEndAt = now;
            }
            if (state.equals("COMPLETED")) {
                log("rebuild of %s COMPLETED: %s".formatted(name, r.body().length() > 600 ? r.body().substring(0, 600) + "…" : r.body()));
                return new Finished(progress.path("done").asLong(), job.path("seconds").asDouble(), (now - t0) / 1e9,
                        replayEndDone, replayEndDone < 0 ? 0 : (replayEndAt - replayStartAt) / 1e9);
            }
            if (!state.equals("RUNNING")) {
                throw new IllegalStateException("rebuild of %s ended %s: %s".formatted(name, state, r.body()));
            }
            if (now - lastLog > 10_000_000_000L) {
                lastLog = now;
                log("  %s: %s, %s of %s events, %s events/s".formatted(name, jobPhase, fmt(progress.path("done").asLong()),
                        fmt(progress.path("total").asLong()), fmt(progress.path("eventsPerSecond").asLong())));
            }
            if (jobPhase.equals("REPLAYING") && now >= nextJstack && jstacks.taken() < options.jstackSamples) {
                jstacks.take();
                nextJstack = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.jstackEvery);
            }
            sleep(500);
        }
        throw new IllegalStateException("the rebuild of " + name + " did not finish within " + options.rebuildTimeout.toSeconds() + " s");
    }
}
