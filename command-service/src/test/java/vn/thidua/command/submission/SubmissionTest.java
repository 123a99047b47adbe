package vn.thidua.command.submission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.testing.Infrastructure;
import vn.thidua.eventlog.store.DuplicateSubmission;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What one attempt remembers for the retries of its submission, decided by its {@link Submission} alone. */
class SubmissionTest {

    static final byte[] BODY = "{\"note\":\"Khớp\"}".getBytes(StandardCharsets.UTF_8);

    final MongoClient mongo = MongoClients.create(Infrastructure.mongoUri());
    final MongoDatabase database = mongo.getDatabase("submission_" + UUID.randomUUID().toString().substring(0, 8));
    final Submissions store = new Submissions(database, Duration.ofMinutes(1), Clock.systemUTC());
    final Idempotency idempotency = new Idempotency(store, new MongoCommitLog(database), new ObjectMapper(), Duration.ZERO);
    final String key = UUID.randomUUID().toString();

    @AfterEach
    void close() {
        database.drop();
        mongo.close();
    }

    Submission attempt() {
        Idempotency.Start start = idempotency.start("can-bo-thi-dua", key, "POST", "/api/v1/task-results/R/approval", BODY);
        assertThat(start).isInstanceOf(Idempotency.Start.Run.class);
        return ((Idempotency.Start.Run) start).submission();
    }

    Idempotency.Start retry() {
        return idempotency.start("can-bo-thi-dua", key, "POST", "/api/v1/task-results/R/approval", BODY);
    }

    static SubmissionRecord answer(int status) {
        return new SubmissionRecord(status, Map.of("Content-Type", "application/json"), "{}");
    }

    @Test
    void an_accepted_command_is_remembered() {
        Submission first = attempt();
        first.run(() -> { });
        first.finish(answer(202));
        assertThat(retry()).isEqualTo(new Idempotency.Start.Replay(answer(202)));
    }

    @Test
    void a_refusal_of_the_rules_is_remembered() {
        Submission first = attempt();
        assertThatThrownBy(() -> first.run(() -> {
            throw new RuleViolation("result-already-approved", "approved");
        })).isInstanceOf(RuleViolation.class);
        first.finish(answer(409));
        assertThat(retry()).isInstanceOf(Idempotency.Start.Replay.class);
    }

    @Test
    void an_answer_given_before_the_command_was_sent_frees_the_key() {
        attempt().finish(answer(400));
        assertThat(retry()).isInstanceOf(Idempotency.Start.Run.class);
    }

    @Test
    void a_concurrent_change_frees_the_key() {
        Submission first = attempt();
        assertThatThrownBy(() -> first.run(() -> {
            throw new ConcurrencyException("changed first");
        })).isInstanceOf(ConcurrencyException.class);
        first.finish(answer(409));
        assertThat(retry()).isInstanceOf(Idempotency.Start.Run.class);
    }

    @Test
    void a_failure_of_the_service_frees_the_key() {
        Submission first = attempt();
        first.run(() -> { });
        first.finish(answer(503));
        assertThat(retry()).isInstanceOf(Idempotency.Start.Run.class);
    }

    @Test
    void after_a_failure_once_the_command_was_sent_the_retry_asks_the_log_before_running_it_again() {
        Submission first = attempt();
        first.run(() -> { }); // sent; the store's answer was lost (a connection cut mid-commit): 503
        first.finish(answer(503));
        Idempotency.Start retry = retry();
        assertThat(retry).isInstanceOf(Idempotency.Start.Run.class);
        assertThat(((Idempotency.Start.Run) retry).submission().isTakeover())
                .as("a takeover, which answers as the first attempt would have if the log holds the submission").isTrue();
    }

    @Test
    void a_second_commit_of_the_submission_counts_as_done() {
        Submission first = attempt();
        first.run(() -> {
            throw new DuplicateSubmission(first.id());
        });
        first.finish(answer(202));
        assertThat(retry()).isEqualTo(new Idempotency.Start.Replay(answer(202)));
    }

    @Test
    void while_the_first_attempt_runs_a_retry_is_told_so() {
        attempt();
        assertThat(retry()).isInstanceOf(Idempotency.Start.StillRunning.class);
    }

    @Test
    void a_request_without_a_key_remembers_nothing_and_has_an_id_of_its_own() {
        Submission unkeyed = Submission.withoutKey();
        unkeyed.run(() -> { });
        unkeyed.finish(answer(201));
        assertThat(unkeyed.key()).isNull();
        assertThat(unkeyed.id()).isNotEqualTo(Submission.withoutKey().id());
        assertThat(database.getCollection(Submissions.COLLECTION).countDocuments()).isZero();
    }
}
