package vn.thidua.command.submission;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.thidua.command.testing.CommandApiTest;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every POST is idempotent under its {@code Idempotency-Key}: retried, concurrent, after a change of state,
 * after the first attempt died. "Nothing new recorded" is checked in the event store itself.
 */
class IdempotencyTest extends CommandApiTest {

    static final String RESULT_BODY = """
            {"unitId":"PTP-213","period":"2018-Q2","values":[{"code":"TT1","value":87.25}],"evidence":"Báo cáo hòa giải"}""";

    @Autowired
    Idempotency idempotency;
    @Autowired
    Submissions submissions;

    String movement;

    @BeforeEach
    void movementWithATaskAndAnEnrolledUnit() throws Exception {
        movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 3, "TT1", "TT2");
        enrol(movement, "PTP-213");
    }

    String results() {
        return "/api/v1/movements/" + movement + "/key-tasks/3/results";
    }

    static Map<String, String> key(String key) {
        return with(reporter("PTP-213"), "Idempotency-Key", key);
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    long resultEvents() {
        return events().countDocuments(Filters.eq("aggregateId", movement + "~3~PTP-213~2018-Q2"));
    }

    @Test
    void a_retry_with_the_same_key_and_body_gets_the_first_answer_and_records_nothing() throws Exception {
        String k = newKey();
        HttpResponse<String> first = post(results(), RESULT_BODY, key(k));
        assertThat(first.statusCode()).isEqualTo(201);
        long commits = storedCommits();
        HttpResponse<String> retry = post(results(), RESULT_BODY, key(k));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(storedCommits()).isEqualTo(commits);
        assertThat(resultEvents()).isEqualTo(1);
    }

    @Test
    void without_a_key_the_same_retry_is_a_new_submission_and_the_rules_answer_it() throws Exception {
        assertThat(post(results(), RESULT_BODY, reporter("PTP-213")).statusCode()).isEqualTo(201);
        HttpResponse<String> again = post(results(), RESULT_BODY, reporter("PTP-213"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void the_same_json_written_differently_is_the_same_request() throws Exception {
        String k = newKey();
        assertThat(post(results(), RESULT_BODY, key(k)).statusCode()).isEqualTo(201);
        String reordered = """
                {  "evidence" : "%s", "values":[{"value":87.25,"code":"TT1"}],
                   "period":"2018-Q2", "unitId":"PTP-213" }""".formatted(Normalizer.normalize("Báo cáo hòa giải", Normalizer.Form.NFD));
        HttpResponse<String> retry = post(results(), reordered, key(k));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(resultEvents()).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_422_and_records_nothing() throws Exception {
        String k = newKey();
        assertThat(post(results(), RESULT_BODY, key(k)).statusCode()).isEqualTo(201);
        long commits = storedCommits();
        HttpResponse<String> other = post(results(), RESULT_BODY.replace("87.25", "90"), key(k));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(problem(other).get("type").asText()).endsWith("/idempotency-key-reused");
        HttpResponse<String> otherPath = post("/api/v1/movements/" + movement + "/enrolments",
                "{\"unitId\":\"PTP-215\",\"enrolledOn\":\"2018-02-01\"}", key(k));
        assertThat(otherPath.statusCode()).isEqualTo(422);
        assertThat(storedCommits()).isEqualTo(commits);
    }

    @Test
    void a_refusal_is_replayed_even_after_the_state_changed() throws Exception {
        String k = newKey();
        String body = RESULT_BODY.replace("PTP-213", "PTP-215");
        Map<String, String> ptp215 = with(reporter("PTP-215"), "Idempotency-Key", k);
        HttpResponse<String> refused = post(results(), body, ptp215);
        assertThat(refused.statusCode()).isEqualTo(409);
        enrol(movement, "PTP-215");
        HttpResponse<String> retry = post(results(), body, ptp215);
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.body()).isEqualTo(refused.body());
        assertThat(events().countDocuments(Filters.eq("aggregateId", movement + "~3~PTP-215~2018-Q2"))).isZero();
    }

    @Test
    void a_registration_refused_because_the_code_is_taken_is_replayed_as_the_first_answer() throws Exception {
        String taken = """
                {"code":"%s","title":"Phong trào trùng mã","kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
                 "launchingPlan":{"number":"03/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang",
                                  "issuedOn":"2018-01-10","title":"Kế hoạch"}}""".formatted(movement);
        Map<String, String> admin = with(ADMIN, "Idempotency-Key", newKey());
        HttpResponse<String> refused = post("/api/v1/movements", taken, admin);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(problem(refused).get("rule").asText()).isEqualTo("movement-already-registered");
        HttpResponse<String> retry = post("/api/v1/movements", taken, admin);
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).as("a collision on the code is a decision").hasValue("true");
        assertThat(retry.body()).isEqualTo(refused.body());
    }

    @Test
    void a_request_refused_before_it_ran_does_not_use_up_its_key() throws Exception {
        String k = newKey();
        assertThat(post(results(), RESULT_BODY.replace("2018-Q2", "quý 2"), key(k)).statusCode()).isEqualTo(400);
        assertThat(post(results(), RESULT_BODY, key(k)).statusCode()).isEqualTo(201);
    }

    @Test
    void concurrent_attempts_with_one_key_record_once_and_all_get_the_same_answer() throws Exception {
        String k = newKey();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> post(results(), RESULT_BODY, key(k)));
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(attempts)) {
                answers.add(f.get());
            }
            assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(201);
            assertThat(answers).extracting(HttpResponse::body).containsOnly(answers.get(0).body());
            assertThat(answers).filteredOn(a -> a.headers().firstValue("Idempotent-Replayed").isEmpty()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(resultEvents()).isEqualTo(1);
    }

    @Test
    void keys_belong_to_their_caller() throws Exception {
        String k = newKey();
        assertThat(post(results(), RESULT_BODY, key(k)).statusCode()).isEqualTo(201);
        HttpResponse<String> otherCaller = post(results(), RESULT_BODY, with(with(reporter("PTP-213"), "Idempotency-Key", k), "X-Subject", "nguoi-khac"));
        assertThat(otherCaller.statusCode()).as("not a replay of someone else's answer").isEqualTo(409);
        assertThat(problem(otherCaller).get("rule").asText()).isEqualTo("result-already-recorded");
    }

    @Test
    void a_retried_activity_keeps_the_id_the_first_attempt_gave_it() throws Exception {
        String ntm = registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31");
        String commune = "/api/v1/movements/" + ntm + "/communes/07225";
        assertThat(post(commune + "/supporters", """
                {"unitId":"PTP-213","decision":{"number":"125/QĐ-STP","issuedOn":"2017-03-15"},"supportFrom":"2017-04-01"}""")
                .statusCode()).isEqualTo(201);
        String activity = """
                {"unitId":"PTP-213","type":"LEGAL_BOOKCASE","heldOn":"2018-03-02","participants":0,"description":"Bổ sung tủ sách pháp luật"}""";
        String k = newKey();
        HttpResponse<String> first = post(commune + "/activities", activity, key(k));
        HttpResponse<String> retry = post(commune + "/activities", activity, key(k));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(body(retry).get("activityId")).isEqualTo(body(first).get("activityId"));
        assertThat(events().countDocuments(Filters.eq("aggregateId", ntm + "~07225"))).isEqualTo(2);
    }

    @Test
    void a_retry_after_the_first_attempt_died_before_storing_anything_runs_the_command() throws Exception {
        String k = newKey();
        String submission = Submission.idOf("bao-cao-ptp-213", k);
        // a first attempt claimed the key and died: its lock expires at once
        new Submissions(database(), Duration.ZERO, Clock.systemUTC())
                .claim(submission, idempotency.fingerprint("POST", results(), RESULT_BODY.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> retry = post(results(), RESULT_BODY, key(k));
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(resultEvents()).isEqualTo(1);
    }

    @Test
    void a_retry_after_the_first_attempt_died_between_storing_its_events_and_its_answer_records_nothing() throws Exception {
        String id = body(post(results(), RESULT_BODY, reporter("PTP-213"))).get("resultId").asText();
        String approval = "/api/v1/task-results/" + id + "/approval";
        String k = newKey();
        assertThat(post(approval, "{\"note\":\"Khớp\"}", with(ADMIN, "Idempotency-Key", k)).statusCode()).isEqualTo(202);
        long commits = storedCommits();
        // as if the attempt had died after its commit: the key is still held, by nobody alive, with no answer
        collection("submissions").updateOne(Filters.eq("_id", Submission.idOf("can-bo-thi-dua", k)), Updates.combine(
                Updates.set("state", "PENDING"), Updates.unset("status"), Updates.unset("body"),
                Updates.set("lockedUntil", new Date(System.currentTimeMillis() - 1000))));
        HttpResponse<String> retry = post(approval, "{\"note\":\"Khớp\"}", with(ADMIN, "Idempotency-Key", k));
        assertThat(retry.statusCode()).as("the retry answers as the first attempt would have, not 'already approved'")
                .isEqualTo(202);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).as("nothing recorded: a replay").hasValue("true");
        assertThat(storedCommits()).isEqualTo(commits);
    }

    /** The claims of an instance that said it was alive for a moment only, as a crashed instance leaves them. */
    Submissions deadInstance() {
        Instances dead = new Instances(database(), "4242@crashed-host/" + newKey().substring(0, 8), Duration.ofMillis(1),
                Clock.systemUTC());
        dead.beat();
        return new Submissions(database(), Duration.ofMinutes(1), Clock.systemUTC(), dead);
    }

    @Test
    void a_retry_after_the_instance_holding_the_key_crashed_runs_at_once_instead_of_409() throws Exception {
        String k = newKey();
        // the crashed instance's lock on the key still runs for a minute; the instance itself is dead
        deadInstance().claim(Submission.idOf("bao-cao-ptp-213", k),
                idempotency.fingerprint("POST", results(), RESULT_BODY.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> retry = post(results(), RESULT_BODY, key(k));
        assertThat(retry.statusCode()).as("not 409 submission-in-progress: %s", retry.body()).isEqualTo(201);
        assertThat(resultEvents()).isEqualTo(1);
        assertThat(post(results(), RESULT_BODY, key(k)).body()).isEqualTo(retry.body());
    }

    @Test
    void a_retry_after_the_instance_crashed_between_storing_the_events_and_the_answer_gets_the_first_answer() throws Exception {
        String id = body(post(results(), RESULT_BODY, reporter("PTP-213"))).get("resultId").asText();
        String approval = "/api/v1/task-results/" + id + "/approval";
        String k = newKey();
        HttpResponse<String> first = post(approval, "{\"note\":\"Khớp\"}", with(ADMIN, "Idempotency-Key", k));
        assertThat(first.statusCode()).isEqualTo(202);
        long commits = storedCommits();
        // as if a crashed instance had stored the events and not the answer: its lock still runs, nobody is alive behind it
        Instances dead = new Instances(database(), "4343@crashed-host/x", Duration.ofMillis(1), Clock.systemUTC());
        dead.beat();
        collection("submissions").updateOne(Filters.eq("_id", Submission.idOf("can-bo-thi-dua", k)), Updates.combine(
                Updates.set("state", "PENDING"), Updates.unset("status"), Updates.unset("body"),
                Updates.set("owner", dead.self()), Updates.set("lockedUntil", new Date(System.currentTimeMillis() + 60_000))));
        HttpResponse<String> retry = post(approval, "{\"note\":\"Khớp\"}", with(ADMIN, "Idempotency-Key", k));
        assertThat(retry.statusCode()).as("the first answer, not 409: %s", retry.body()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(storedCommits()).isEqualTo(commits);
    }

    @Test
    void a_retry_waits_for_an_attempt_of_another_live_instance() throws Exception {
        String k = newKey();
        Instances alive = new Instances(database(), "4444@other-host/" + newKey().substring(0, 8), Duration.ofMinutes(1),
                Clock.systemUTC());
        alive.beat();
        new Submissions(database(), Duration.ofMinutes(1), Clock.systemUTC(), alive).claim(Submission.idOf("bao-cao-ptp-213", k),
                idempotency.fingerprint("POST", results(), RESULT_BODY.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> retry = post(results(), RESULT_BODY, key(k));
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(problem(retry).get("type").asText()).endsWith("/submission-in-progress");
        assertThat(resultEvents()).isZero();
    }

    @Test
    void a_retry_while_the_first_attempt_is_alive_waits_and_then_says_so() throws Exception {
        String k = newKey();
        submissions.claim(Submission.idOf("bao-cao-ptp-213", k),
                idempotency.fingerprint("POST", results(), RESULT_BODY.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> retry = post(results(), RESULT_BODY, key(k));
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(problem(retry).get("type").asText()).endsWith("/submission-in-progress");
        assertThat(retry.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(resultEvents()).isZero();
    }

    @Test
    void a_key_that_is_not_printable_ascii_or_too_long_is_400() throws Exception {
        assertThat(post(results(), RESULT_BODY, key("x".repeat(201))).statusCode()).isEqualTo(400);
        assertThat(resultEvents()).isZero();
    }
}
