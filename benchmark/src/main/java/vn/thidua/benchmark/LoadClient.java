package vn.thidua.benchmark;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One closed-loop client: its own HTTP/1.1 keep-alive connection ({@link Http1Connection}; one request
 * outstanding at a time) and its own movements, so no two clients ever touch the same aggregate. Each command
 * is an {@code EnrollUnit} ({@code POST /api/v1/movements/{id}/enrolments}) of a new unit, round-robin over the
 * client's movements so that every movement grows at the same pace.
 */
final class LoadClient {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String authorization;
    private final Http1Connection http;
    private final List<String> movements = new ArrayList<>();
    private final List<String> enrolmentPaths = new ArrayList<>();
    private int[] nextUnit = new int[0];
    private int cursor;

    /** @param token the client's bearer token (a PROVINCE_ADMIN of its own subject, {@code bench-client-N}) */
    LoadClient(String commandUrl, String token) {
        this.authorization = "Bearer " + token;
        this.http = new Http1Connection(URI.create(commandUrl), (int) REQUEST_TIMEOUT.toMillis());
    }

    /** Registers a movement (the setup of the benchmark); true when accepted (201). */
    boolean register(String movementId, Recorder recorder) {
        String body = """
                {"code":"%s","title":"Phong trào thi đua đo tải %s: toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ",\
                "kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",\
                "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang",\
                "issuedOn":"2018-01-09","title":"Kế hoạch phát động phong trào thi đua năm 2018"}}"""
                .formatted(movementId, movementId);
        int status = post("/api/v1/movements", body, recorder);
        if (status == 201) {
            movements.add(movementId);
            enrolmentPaths.add("/api/v1/movements/" + movementId + "/enrolments");
            nextUnit = new int[movements.size()];
            return true;
        }
        return false;
    }

    int movementCount() {
        return movements.size();
    }

    /** Sends one command and records it; tells the probe when it was accepted. */
    void enrolOne(Recorder recorder, FreshnessProbe probe) {
        int m = cursor;
        cursor = (cursor + 1) % movements.size();
        // every attempt uses a new unit, so a request that failed but was stored anyway causes no conflict later
        String unitId = "U" + (100_000 + ++nextUnit[m]);
        String body = "{\"unitId\":\"" + unitId + "\",\"enrolledOn\":\"2018-02-01\","
                + "\"pledgedTitle\":\"Tập thể lao động xuất sắc\","
                + "\"pledges\":\"Hoàn thành 100% chỉ tiêu được giao; không có cán bộ vi phạm kỷ luật; " + unitId + "\"}";
        int status = post(enrolmentPaths.get(m), body, recorder);
        if (status == 201 && probe != null) {
            probe.accepted(movements.get(m), unitId, System.nanoTime());
        }
    }

    /** @return the HTTP status, or -1 on an I/O error or timeout (recorded as such, with its latency) */
    private int post(String path, String body, Recorder recorder) {
        long t0 = System.nanoTime();
        try {
            Http1Connection.Response response = http.postJson(path, body, "Authorization", authorization);
            int status = response.status();
            recorder.record(System.nanoTime() - t0, status, status / 100 == 2 ? null
                    : "HTTP " + status + " " + abbreviate(response.body()));
            return status;
        } catch (SocketTimeoutException e) {
            recorder.record(System.nanoTime() - t0, -1, "timeout after " + REQUEST_TIMEOUT.toSeconds() + " s");
            return -1;
        } catch (IOException | RuntimeException e) {
            recorder.record(System.nanoTime() - t0, -1, e.toString());
            return -1;
        }
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }
}
