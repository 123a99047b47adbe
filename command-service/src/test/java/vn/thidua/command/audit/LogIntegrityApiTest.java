package vn.thidua.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.integrity.LogVerifier;
import vn.thidua.eventlog.integrity.VerifyLog;
import vn.thidua.eventlog.store.Checkpoints;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tamper evidence end to end: commands through the API, the verification endpoint and the offline verifier on the
 * export agree that the log is intact; then a stored event is edited directly in MongoDB, and a commit deleted, and
 * both name the broken position and event. The log is restored after each tampering (the database is shared).
 */
class LogIntegrityApiTest extends CommandApiTest {

    JsonNode integrity() throws Exception {
        HttpResponse<String> r = get("/api/v1/audit/integrity", AUDITOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return body(r);
    }

    Path export() throws Exception {
        HttpResponse<String> r = get("/api/v1/audit/log", AUDITOR);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        Path file = Files.createTempFile("thidua-log-", ".jsonl");
        Files.writeString(file, r.body(), StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        return file;
    }

    /** The offline verifier, as ./verify-log.sh runs it: its exit code and its one line. */
    record Offline(int exit, String line) {
    }

    Offline verifyOffline(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyLog.run(file, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return new Offline(exit, out.toString(StandardCharsets.UTF_8).trim());
    }

    Document commitOf(String aggregateId, long firstSeq) {
        return events().find(Filters.eq("stream", aggregateId + "#" + firstSeq)).first();
    }

    long latestCheckpoint() {
        Document latest = collection(Checkpoints.COLLECTION).find(Filters.eq("_id", "latest")).first();
        return latest == null ? 0 : latest.getLong("upTo");
    }

    @Test
    void the_endpoint_and_the_offline_verifier_agree_and_name_an_edited_or_deleted_event() throws Exception {
        String movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 1, "TT1");
        enrol(movement, "PTP-213");
        enrol(movement, "PTP-215");
        Document keyTask = commitOf(movement, 1);
        Document lastOfStream = commitOf(movement, 3);
        assertThat(keyTask).isNotNull();
        assertThat(lastOfStream).isNotNull();
        List<Document> stored = keyTask.getList("events", Document.class);
        assertThat(stored.get(0).getString("hash")).matches("[0-9a-f]{64}");
        assertThat(stored.get(0).getString("prevHash")).isEqualTo(commitOf(movement, 0).getList("events", Document.class)
                .get(0).getString("hash"));
        // the publisher's checkpoints (every second in the tests) come to cover the movement's commits
        await().atMost(Duration.ofSeconds(30)).until(() -> latestCheckpoint() >= lastOfStream.getLong("_id"));

        JsonNode intact = integrity();
        assertThat(intact.get("verified").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.get("eventsChecked").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(intact.get("checkpointsChecked").asLong()).isPositive();
        assertThat(intact.get("firstBroken").isNull()).isTrue();
        // compared with the signed checkpoints of the checkpoint topic (ADR 0014)
        assertThat(intact.get("anchored").get("checked").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.get("anchored").get("signedCheckpointsChecked").asLong()).isPositive();
        Offline ok = verifyOffline(export());
        assertThat(ok.line().lines().findFirst().orElseThrow()).startsWith("OK: ").endsWith("checkpoints verified");
        assertThat(ok.exit()).isZero();

        long position = keyTask.getLong("_id");
        String eventId = stored.get(0).getString("eventId");
        String payload = stored.get(0).getString("payload");
        // an insider edits a stored event: the key task's title
        events().updateOne(Filters.eq("_id", position), new Document("$set", new Document("events.0.payload",
                payload.replace("Nhiệm vụ 1", "Nhiệm vụ 9"))));
        try {
            assertThat(events().find(Filters.eq("_id", position)).first().getList("events", Document.class).get(0)
                    .getString("payload")).isNotEqualTo(payload);
            JsonNode broken = integrity();
            assertThat(broken.get("verified").asBoolean()).isFalse();
            JsonNode first = broken.get("firstBroken");
            assertThat(first.get("position").asLong()).isEqualTo(position);
            assertThat(first.get("eventId").asText()).isEqualTo(eventId);
            assertThat(first.get("aggregateId").asText()).isEqualTo(movement);
            assertThat(first.get("sequence").asLong()).isEqualTo(1);
            assertThat(first.get("reason").asText()).contains("does not match its hash");

            Offline offline = verifyOffline(export());
            assertThat(offline.exit()).isEqualTo(1);
            assertThat(offline.line()).startsWith("BROKEN at position %d (aggregate %s, sequence 1, event %s): "
                    .formatted(position, movement, eventId));
        } finally {
            events().replaceOne(Filters.eq("_id", position), keyTask);
        }
        assertThat(integrity().get("verified").asBoolean()).isTrue();

        // an insider deletes a commit in the middle of a stream: the checkpoint covering it names the position
        events().deleteOne(Filters.eq("_id", position));
        try {
            JsonNode broken = integrity();
            assertThat(broken.get("verified").asBoolean()).isFalse();
            assertThat(broken.get("firstBroken").get("position").asLong()).isEqualTo(position);
            assertThat(broken.get("firstBroken").get("reason").asText()).contains("holds nothing");
            Offline offline = verifyOffline(export());
            assertThat(offline.exit()).isEqualTo(1);
            assertThat(offline.line()).startsWith("BROKEN at position %d: ".formatted(position));
        } finally {
            events().insertOne(keyTask);
        }
        assertThat(integrity().get("verified").asBoolean()).isTrue();
    }

    @Test
    void tampered_events_in_two_streams_are_both_reported_by_the_endpoint_and_the_offline_verifier() throws Exception {
        String first = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(first, 1, "TT1");
        String second = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(second, 1, "TT1");
        Document a = commitOf(first, 1);
        Document b = commitOf(second, 0);
        Document aEvent = a.getList("events", Document.class).get(0);
        Document bEvent = b.getList("events", Document.class).get(0);
        events().updateOne(Filters.eq("_id", a.getLong("_id")), new Document("$set", new Document("events.0.payload",
                aEvent.getString("payload").replace("Nhiệm vụ 1", "Nhiệm vụ 7"))));
        events().updateOne(Filters.eq("_id", b.getLong("_id")), new Document("$set", new Document("events.0.metadata",
                bEvent.getString("metadata").replace("can-bo-thi-dua", "nguoi-khac"))));
        try {
            JsonNode broken = integrity();
            assertThat(broken.get("verified").asBoolean()).isFalse();
            assertThat(broken.get("brokenCount").asLong()).isEqualTo(2);
            assertThat(broken.get("broken").findValuesAsText("eventId"))
                    .containsExactly(aEvent.getString("eventId"), bEvent.getString("eventId"));
            assertThat(broken.get("firstBroken").get("eventId").asText()).isEqualTo(aEvent.getString("eventId"));

            Offline offline = verifyOffline(export());
            assertThat(offline.exit()).isEqualTo(1);
            assertThat(offline.line().lines()).hasSize(4).startsWith(
                    "BROKEN at position %d (aggregate %s, sequence 1, event %s): the event does not match its hash: its content or metadata was changed"
                            .formatted(a.getLong("_id"), first, aEvent.getString("eventId")),
                    "BROKEN at position %d (aggregate %s, sequence 0, event %s): the event does not match its hash: its content or metadata was changed"
                            .formatted(b.getLong("_id"), second, bEvent.getString("eventId")));
            assertThat(offline.line().lines().toList().get(2)).startsWith("2 broken links in ");
            // the offline run was given no checkpoint topic, and says so
            assertThat(offline.line().lines().toList().get(3)).startsWith("NOT ANCHORED: ");
        } finally {
            events().replaceOne(Filters.eq("_id", a.getLong("_id")), a);
            events().replaceOne(Filters.eq("_id", b.getLong("_id")), b);
        }
        assertThat(integrity().get("verified").asBoolean()).isTrue();
    }

    @Test
    void a_deleted_commit_the_checkpoints_do_not_cover_yet_breaks_its_stream() throws Exception {
        String movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 1, "TT1");
        Document keyTask = commitOf(movement, 1);
        // the walk of the log sees the deletion through the stream link even without a checkpoint over it
        LogVerifier verifier = new LogVerifier();
        var entries = new java.util.ArrayList<Commit>();
        var log = new vn.thidua.eventlog.store.MongoCommitLog(database());
        long last = keyTask.getLong("_id");
        long first = commitOf(movement, 0).getLong("_id");
        log.readPositions(first, (int) (last - first + 1)).values().forEach(e -> {
            if (e instanceof Commit commit && commit.aggregateId().equals(movement) && e.position() != first) {
                entries.add(commit);
            }
        });
        entries.forEach(commit -> verifier.accept(commit));
        LogVerifier.Result r = verifier.finish(0);
        assertThat(r.verified()).isFalse();
        assertThat(r.firstBroken().position()).isEqualTo(last);
        assertThat(r.firstBroken().reason()).contains("sequence 0) is missing");
    }

    @Test
    void only_an_auditor_verifies_or_exports_the_log() throws Exception {
        for (String path : List.of("/api/v1/audit/integrity", "/api/v1/audit/log")) {
            assertThat(get(path, ADMIN).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, reporter("PTP-213")).statusCode()).as(path).isEqualTo(403);
            assertThat(get(path, java.util.Map.of()).statusCode()).as(path).isEqualTo(401);
        }
    }
}
