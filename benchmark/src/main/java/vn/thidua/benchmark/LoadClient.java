package vn.thidua.benchmark;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One closed-loop client: its own HTTP/1.1 keep-alive connection ({@link Http1Connection}; one request outstanding at
 * a time). In the setup it registers its share of the movements (and, for the results load, defines their key tasks
 * and enrols their units) as a PROVINCE_ADMIN. Then each command is either
 * <ul>
 *   <li>a {@code RecordTaskResult} ({@link #recordOne}): the next result of the shared {@link ResultLoad}, sent with
 *       the reporter token of the result's unit; or</li>
 *   <li>an {@code EnrollUnit} ({@link #enrolOne}, {@code --load enrol}) of a new unit, round-robin over the client's
 *       own movements so that no two clients touch the same aggregate and every movement grows at the same pace.</li>
 * </ul>
 */
final class LoadClient {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String authorization;
    private final Http1Connection http;
    private final List<String> movements = new ArrayList<>();
    private final List<String> enrolmentPaths = new ArrayList<>();
    private int[] nextUnit = new int[0];
    private int cursor;

    /** @param token the client's PROVINCE_ADMIN bearer token (its own subject, {@code bench-client-N}) */
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
        int status = post("/api/v1/movements", body, authorization, null, recorder);
        if (status == 201) {
            movements.add(movementId);
            enrolmentPaths.add("/api/v1/movements/" + movementId + "/enrolments");
            nextUnit = new int[movements.size()];
            return true;
        }
        return false;
    }

    /**
     * Setup of the results load: defines key task {@code taskNo} of the movement. With an Idempotency-Key, so that a
     * retry after a lost answer gets the first answer instead of {@code task-number-taken}.
     */
    boolean defineTask(String movementId, int taskNo, Recorder recorder) {
        return post("/api/v1/movements/" + movementId + "/key-tasks", ResultLoad.keyTask(taskNo), authorization,
                "bench-setup-" + movementId + "-task-" + taskNo, recorder) == 201;
    }

    /** Setup of the results load: enrols the unit in the movement (with an Idempotency-Key, as above). */
    boolean enrol(String movementId, String unitId, Recorder recorder) {
        return post("/api/v1/movements/" + movementId + "/enrolments", enrolment(unitId), authorization,
                "bench-setup-" + movementId + "-enrol-" + unitId, recorder) == 201;
    }

    /** The movements this client registered. */
    List<String> movements() {
        return movements;
    }

    int movementCount() {
        return movements.size();
    }

    /**
     * Records the next result of the plan and tells the probe when it was accepted.
     *
     * @param dueAt {@link System#nanoTime()} the latency counts from: now in a closed loop, when the command was due in
     *              an open one
     * @return false when the plan has no result left (nothing was sent)
     */
    boolean recordOne(ResultLoad plan, Recorder recorder, FreshnessProbe probe, long dueAt) {
        ResultLoad.Command c = plan.next();
        if (c == null) {
            return false;
        }
        int status = post(c.resource(), c.body(), c.authorization(), c.key(), recorder, dueAt);
        if (status == 201 && probe != null) {
            probe.accepted(System.nanoTime(), () -> c);
        }
        return true;
    }

    /** {@code --load enrol}: sends one EnrollUnit and records it; tells the probe when it was accepted. */
    void enrolOne(Recorder recorder, FreshnessProbe probe) {
        int m = cursor;
        cursor = (cursor + 1) % movements.size();
        // every attempt uses a new unit, so a request that failed but was stored anyway causes no conflict later
        String unitId = "U" + (100_000 + ++nextUnit[m]);
        int status = post(enrolmentPaths.get(m), enrolment(unitId), authorization, null, recorder);
        if (status == 201 && probe != null) {
            String movementId = movements.get(m);
            probe.accepted(System.nanoTime(), () -> new Enrolled(movementId, "\"unitId\":\"" + unitId + "\""));
        }
    }

    private static String enrolment(String unitId) {
        return "{\"unitId\":\"" + unitId + "\",\"enrolledOn\":\"2018-02-01\","
                + "\"pledgedTitle\":\"Tập thể lao động xuất sắc\","
                + "\"pledges\":\"Hoàn thành 100% chỉ tiêu được giao; không có cán bộ vi phạm kỷ luật; " + unitId + "\"}";
    }

    /** An enrolment shows in the movement's detail: the unit is in {@code enrolledUnits}. */
    private record Enrolled(String movementId, String token) implements FreshnessProbe.Check {
        @Override
        public String path() {
            return "/api/v1/reports/movements/" + movementId;
        }

        @Override
        public boolean visible(String body) {
            return body.contains(token);
        }
    }

    /** @return the HTTP status, or -1 on an I/O error or timeout (recorded as such, with its latency) */
    private int post(String path, String body, String auth, String idempotencyKey, Recorder recorder) {
        return post(path, body, auth, idempotencyKey, recorder, System.nanoTime());
    }

    private int post(String path, String body, String auth, String idempotencyKey, Recorder recorder, long t0) {
        try {
            Http1Connection.Response response = idempotencyKey == null
                    ? http.postJson(path, body, "Authorization", auth)
                    : http.postJson(path, body, "Authorization", auth, "Idempotency-Key", idempotencyKey);
            int status = response.status();
            recorder.record(System.nanoTime() - t0, status, status / 100 == 2 ? null
                    : "HTTP " + status + " " + path + " " + abbreviate(response.body()));
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
