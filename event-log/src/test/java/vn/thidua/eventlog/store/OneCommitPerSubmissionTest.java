package vn.thidua.eventlog.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.Gap;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.testing.Infrastructure;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log refuses a second commit of one submission, whatever aggregate it targets, and leaves no open position. */
class OneCommitPerSubmissionTest {

    static MongoClient client;
    static MongoDatabase db;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.mongoUri());
        db = client.getDatabase("one_commit_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static Commit commit(String aggregateId, long sequence, String submission) {
        return new Commit(0, UUID.randomUUID().toString(), "TaskResult", aggregateId, List.of(new StoredEvent(
                UUID.randomUUID().toString(), sequence, "vn.thidua.events.result.TaskResultApproved", "1",
                "2018-07-01T00:00:00Z", "{}", "{}")), submission);
    }

    @Test
    void a_submission_already_in_the_log_is_refused_and_its_position_sealed() {
        MongoCommitLog log = new MongoCommitLog(db);
        long first = log.append(commit("R-1", 0, "submission-A"));
        assertThat(log.holdsSubmission("submission-A")).isTrue();

        assertThatThrownBy(() -> log.append(commit("R-1", 1, "submission-A"))).isInstanceOf(DuplicateSubmission.class);
        assertThatThrownBy(() -> log.append(commit("R-2", 0, "submission-A"))).isInstanceOf(DuplicateSubmission.class);

        assertThat(db.getCollection(MongoCommitLog.COLLECTION).countDocuments(Filters.eq("aggregateId", "R-1"))).isEqualTo(1);
        assertThat(db.getCollection(MongoCommitLog.COLLECTION).countDocuments(Filters.eq("aggregateId", "R-2"))).isZero();
        // the positions the refused attempts claimed are sealed as gaps, so the publisher does not wait for them
        assertThat(log.readPositions(first + 1, 2).values()).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(Gap.class));
        assertThat(log.holdsSubmission("submission-B")).isFalse();
    }

    @Test
    void a_stream_conflict_of_another_submission_is_still_a_stream_conflict() {
        MongoCommitLog log = new MongoCommitLog(db);
        log.append(commit("R-3", 0, "submission-C"));
        assertThatThrownBy(() -> log.append(commit("R-3", 0, "submission-D"))).isInstanceOf(StreamConflict.class);
    }
}
