package vn.thidua.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A board as of an instant ({@code asOf=}, query-service's {@code AsOfReports}): the movement with the most events
 * — its key-task board for its first period if it is an annual movement, else its support board (first page, the
 * defaults) — as of (1) the recording time of the middle event of its history and (2) one second after its last
 * event; each asked twice in a row, timed from sending the request to having read the whole answer. The service
 * folds the movement's events up to the instant from the audit log into a throw-away space (one fold at a time; more
 * than {@code thidua.as-of.max-events}, default 300,000, is refused with 422 {@code as-of-too-large}) and keeps the
 * space of an instant older than 5 minutes for the next request of the same report.
 */
final class AsOfTiming {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Stack stack;
    private final String adminToken;
    private final RebuildReport report;

    AsOfTiming(HttpClient http, Stack stack, String adminToken, RebuildReport report) {
        this.http = http;
        this.stack = stack;
        this.adminToken = adminToken;
        this.report = report;
    }

    /** Times the board of the movement with the most stored events, as of two instants of its history. */
    void measure(EventWriters.Stored stored) throws Exception {
        Map<String, MovementTimeline> histories = stored.timelines();
        Map.Entry<String, MovementTimeline> most = histories.entrySet().stream()
                .max(Map.Entry.comparingByValue(Comparator.comparingInt(MovementTimeline::size))).orElse(null);
        if (most == null) {
            return;
        }
        String movement = most.getKey();
        long[] times = most.getValue().sorted();
        String board = null;
        for (int m = 0; m < stored.load().annualMovements(); m++) {
            if (DomainLoad.annualId(m).equals(movement)) {
                board = "/api/v1/reports/key-tasks?movementId=" + movement + "&period=" + DomainLoad.period(m, 0);
            }
        }
        String what = board != null ? "key-task board, period " + board.substring(board.lastIndexOf('=') + 1)
                : "support board";
        if (board == null) {
            board = "/api/v1/reports/communes?movementId=" + movement;
        }
        report.logAndAdd("board as of an instant: %s has the most events (%,d of %,d, recorded %s … %s); GET %s (%s) &asOf=…"
                .formatted(movement, times.length, histories.values().stream().mapToInt(MovementTimeline::size).sum(),
                        Instant.ofEpochMilli(times[0]), Instant.ofEpochMilli(times[times.length - 1]), board, what));
        Instant middle = Instant.ofEpochMilli(times[(times.length - 1) / 2]);
        Instant after = Instant.ofEpochMilli(times[times.length - 1] + 1000);
        for (Instant at : List.of(middle, after)) {
            int upTo = upTo(times, at.toEpochMilli());
            boolean settled = at.isBefore(Instant.now().minus(Duration.ofMinutes(5)));
            StringBuilder line = new StringBuilder("  asOf %s (%s: %,d of its %,d events up to it; %s):".formatted(at,
                    at == middle ? "the middle of its history" : "a second after its last event", upTo, times.length,
                    settled ? "more than 5 min ago, so the service keeps the fold for the 2nd call"
                            : "less than 5 min ago, so every call folds afresh"));
            for (int call = 1; call <= 2; call++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.queryUrl + board + "&asOf=" + at))
                        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofMinutes(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - t0) / 1e9;
                line.append(" %s call %s in %s;".formatted(call == 1 ? "1st" : "2nd", outcome(r), seconds < 10
                        ? "%.0f ms".formatted(seconds * 1000) : "%.1f s".formatted(seconds)));
            }
            line.setLength(line.length() - 1);
            report.logAndAdd(line.toString());
        }
    }

    /** Events recorded at or before {@code millis} (the audit log keeps milliseconds). */
    private static int upTo(long[] sorted, long millis) {
        int i = Arrays.binarySearch(sorted, millis);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == millis) {
            i++;
        }
        return i + 1;
    }

    /** "HTTP 200 (currentTo …, N rows)", "HTTP 422 as-of-too-large", or the status and the start of the answer. */
    private static String outcome(HttpResponse<String> r) {
        if (r.statusCode() == 200) {
            try {
                JsonNode answer = JSON.readTree(r.body());
                return "HTTP 200 (currentTo %s, %s rows)".formatted(answer.path("currentTo").asText("—"),
                        answer.path("totalItems").asText("?"));
            } catch (IOException e) {
                return "HTTP 200";
            }
        }
        if (r.statusCode() == 422 && r.body().contains("as-of-too-large")) {
            return "HTTP 422 as-of-too-large";
        }
        String body = r.body().replaceAll("\\s+", " ");
        return "HTTP %d %s".formatted(r.statusCode(), body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
}
