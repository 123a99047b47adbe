package vn.thidua.eventlog.publication;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.integrity.Checkpoint;
import vn.thidua.eventlog.integrity.CheckpointHasher;
import vn.thidua.eventlog.integrity.CheckpointKeys;
import vn.thidua.eventlog.integrity.CheckpointTopic;
import vn.thidua.eventlog.integrity.EventHash;
import vn.thidua.eventlog.integrity.LogVerifier;
import vn.thidua.eventlog.integrity.SignedCheckpoint;
import vn.thidua.eventlog.integrity.VerifyLog;
import vn.thidua.eventlog.store.Checkpoints;
import vn.thidua.eventlog.store.LogAudit;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.testing.Infrastructure;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoints anchored outside the database (ADR 0014), over the real MongoDB-wire server and Kafka broker: the
 * publisher signs every checkpoint and sends it to the checkpoint topic in the batch's transaction; an insider who
 * rewrites an event and recomputes its stream's chain and every stored checkpoint passes the database-only walk, but
 * not the walk against the topic, which names the event and the checkpoint.
 */
class AnchoredCheckpointsTest {

    static final Duration LEASE_TTL = Duration.ofSeconds(2);

    @TempDir
    Path keys;
    MongoClient client;
    MongoDatabase db;
    String topic;
    String checkpointTopic;
    MongoCommitLog log;
    KafkaPublisher publisher;
    CheckpointKeys.Keyring keyring;
    /** Positions of each stream's commits, by sequence (the test appends one event per commit). */
    final Map<String, List<Long>> streams = new LinkedHashMap<>();

    @BeforeEach
    void publishASignedLog() {
        client = MongoClients.create(Infrastructure.mongoUri());
        String name = "anchored_" + UUID.randomUUID().toString().substring(0, 8);
        db = client.getDatabase(name);
        topic = name;
        checkpointTopic = name + ".checkpoints";
        log = new MongoCommitLog(db);
        CheckpointKeys.Signer signer = CheckpointKeys.ensureSigner(keys.resolve(CheckpointKeys.SIGNING_FILE));
        keyring = CheckpointKeys.Keyring.read(List.of(keys.resolve(CheckpointKeys.PUBLIC_FILE)));
        PublisherSettings settings = new PublisherSettings(topic, 2, (short) 1, 50, Duration.ofMillis(10),
                Duration.ofSeconds(1), LEASE_TTL, 4, Duration.ofMillis(200), checkpointTopic);
        publisher = new KafkaPublisher(log, new PublisherLease(db, "only", LEASE_TTL, Clock.systemUTC()), settings,
                Infrastructure.kafkaBootstrap(), Clock.systemUTC(), new SimpleMeterRegistry(), signer);
        publisher.start();
        for (int sequence = 0; sequence < 4; sequence++) {
            for (String stream : List.of("A", "B", "C")) {
                long position = log.append(commit(stream, sequence));
                streams.computeIfAbsent(stream, s -> new ArrayList<>()).add(position);
            }
        }
        long last = log.nextPosition() - 1;
        Checkpoints checkpoints = log.checkpoints();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Checkpoint head = checkpoints.head();
            return head != null && head.upTo() == last;
        });
        publisher.stop();
    }

    @AfterEach
    void tearDown() {
        publisher.stop();
        client.close();
    }

    static Commit commit(String aggregateId, long sequence) {
        return new Commit(0, UUID.randomUUID().toString(), "Movement", aggregateId, List.of(new StoredEvent(
                UUID.randomUUID().toString(), sequence, "test.Event", "1", Instant.now().toString(),
                "{\"score\":" + sequence + "}", "{\"subject\":\"province_admin\"}")));
    }

    LogVerifier.Result verifyAgainstTopic() {
        try (CheckpointTopic.Reader reader = CheckpointTopic.read(Infrastructure.kafkaBootstrap(), checkpointTopic)) {
            return new LogAudit(log).verify(new LogVerifier(LogVerifier.DEFAULT_MAX_REPORTED, reader, keyring));
        }
    }

    @Test
    void every_checkpoint_is_signed_on_the_topic_and_an_intact_log_verifies_against_it() {
        LogVerifier.Result result = verifyAgainstTopic();

        assertThat(result.verified()).as(result.broken().toString()).isTrue();
        assertThat(result.anchoring().checked()).isTrue();
        assertThat(result.anchoring().problem()).isNull();
        assertThat(result.anchoring().signedCheckpointsChecked()).isEqualTo(result.checkpointsChecked()).isPositive();
    }

    @Test
    void an_event_rewritten_with_its_stream_chain_and_the_checkpoints_recomputed_is_still_named() {
        long position = streams.get("B").get(1);
        Commit original = (Commit) log.readPositions(position, 1).get(position);
        rewriteConsistently("B", 1, "{\"score\":100}");

        // the insider's rewrite is consistent: the walk over the database alone finds nothing
        LogVerifier.Result databaseOnly = new LogAudit(new MongoCommitLog(db)).verify();
        assertThat(databaseOnly.verified()).as(databaseOnly.broken().toString()).isTrue();
        assertThat(databaseOnly.anchoring().checked()).isFalse();

        LogVerifier.Result anchored = verifyAgainstTopic();
        assertThat(anchored.verified()).isFalse();
        LogVerifier.Broken first = anchored.firstBroken();
        assertThat(first.position()).isEqualTo(position);
        assertThat(first.aggregateId()).isEqualTo("B");
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.eventId()).isEqualTo(original.events().get(0).eventId());
        assertThat(first.reason()).contains("differs from the one signed in checkpoint");
        // the rest of the stream was re-chained, not rewritten: the stream is named once, and the checkpoints that
        // the insider recomputed are named
        assertThat(anchored.broken()).filteredOn(b -> "B".equals(b.aggregateId())).hasSize(1);
        assertThat(anchored.broken().subList(1, anchored.broken().size())).isNotEmpty().allSatisfy(b -> assertThat(b.reason())
                .startsWith("checkpoint %d stored in the database differs from the one signed".formatted(b.position())));
    }

    @Test
    void the_offline_verifier_names_the_rewritten_event_from_an_export_and_the_topic() throws Exception {
        long position = streams.get("B").get(1);
        rewriteConsistently("B", 1, "{\"score\":100}");
        Path export = keys.resolve("log.jsonl");
        try (OutputStream out = Files.newOutputStream(export)) {
            new LogAudit(log).export(out);
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);

        int databaseOnly = VerifyLog.run(new String[]{export.toString()}, out, System.err);
        assertThat(databaseOnly).isZero();
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("NOT ANCHORED: ");

        report.reset();
        int anchored = VerifyLog.run(new String[]{export.toString(), "--keys", keys.resolve(CheckpointKeys.PUBLIC_FILE).toString(),
                "--bootstrap", Infrastructure.kafkaBootstrap(), "--topic", checkpointTopic}, out, System.err);
        assertThat(anchored).isEqualTo(1);
        assertThat(report.toString(StandardCharsets.UTF_8)).startsWith("BROKEN at position %d (aggregate B, sequence 1, "
                .formatted(position));

        report.reset();
        int noTopic = VerifyLog.run(new String[]{export.toString(), "--keys", keys.resolve(CheckpointKeys.PUBLIC_FILE).toString(),
                "--bootstrap", Infrastructure.kafkaBootstrap(), "--topic", "no-such-topic-" + topic}, out, System.err);
        assertThat(noTopic).isEqualTo(3);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("NOT ANCHORED: not compared with signed checkpoints: "
                + "the checkpoint topic no-such-topic-" + topic + " does not exist");
    }

    @Test
    void a_checkpoint_with_a_bad_signature_on_the_topic_is_named() throws Exception {
        SignedCheckpoint genuine;
        try (CheckpointTopic.Reader reader = CheckpointTopic.read(Infrastructure.kafkaBootstrap(), checkpointTopic)) {
            List<SignedCheckpoint> all = new ArrayList<>();
            reader.forEachRemaining(e -> all.add(e.checkpoint()));
            genuine = all.get(all.size() - 1);
        }
        // someone with access to the topic appends a checkpoint of their own, reusing a genuine signature
        SignedCheckpoint forged = new SignedCheckpoint(genuine.upTo() + 5, genuine.upTo(), "f".repeat(64), 5, 5,
                List.of(), genuine.keyId(), genuine.signature());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(checkpointTopic, "forged", CheckpointTopic.encode(forged))).get();
        }

        LogVerifier.Result result = verifyAgainstTopic();

        assertThat(result.verified()).isFalse();
        assertThat(result.broken()).singleElement().satisfies(b -> {
            assertThat(b.position()).isEqualTo(forged.upTo());
            assertThat(b.reason()).contains("checkpoint %d on the checkpoint topic".formatted(forged.upTo()))
                    .contains("does not verify with key " + genuine.keyId());
        });
    }

    @Test
    void a_checkpoint_signed_with_a_key_the_verifier_does_not_hold_is_named() {
        CheckpointKeys.Keyring other = new CheckpointKeys.Keyring(CheckpointKeys.publicKeys(otherKey()));
        try (CheckpointTopic.Reader reader = CheckpointTopic.read(Infrastructure.kafkaBootstrap(), checkpointTopic)) {
            LogVerifier.Result result = new LogAudit(log).verify(new LogVerifier(LogVerifier.DEFAULT_MAX_REPORTED, reader, other));
            assertThat(result.verified()).isFalse();
            assertThat(result.firstBroken().reason()).contains("which the verifier does not hold");
        }
    }

    @Test
    void a_verifier_without_the_topic_says_the_log_is_not_anchored() {
        assertThatThrownBy(() -> CheckpointTopic.read(Infrastructure.kafkaBootstrap(), "no-such-topic-" + topic))
                .isInstanceOf(CheckpointTopic.Unavailable.class)
                .hasMessageContaining("the checkpoint topic no-such-topic-" + topic + " does not exist");

        LogVerifier.Result result = new LogAudit(log).verify(LogVerifier.unanchored("the checkpoint topic is unreachable"));

        assertThat(result.verified()).isTrue();
        assertThat(result.anchoring().checked()).isFalse();
        assertThat(result.anchoring().problem()).startsWith("not compared with signed checkpoints: the checkpoint topic "
                + "is unreachable");
    }

    Path otherKey() {
        Path file = keys.resolve("other").resolve(CheckpointKeys.SIGNING_FILE);
        CheckpointKeys.generate(file);
        return file.resolveSibling(CheckpointKeys.PUBLIC_FILE);
    }

    /**
     * What an insider with write access to the database does: edits an event, recomputes its hash and the hash chain
     * of the rest of its stream, then every stored checkpoint (same boundaries) and the head pointer.
     */
    void rewriteConsistently(String stream, long sequence, String payload) {
        MongoCollection<Document> events = db.getCollection(MongoCommitLog.COLLECTION);
        List<Long> positions = streams.get(stream);
        String previousHash = sequence == 0 ? EventHash.GENESIS
                : ((Commit) log.readPositions(positions.get((int) sequence - 1), 1).get(positions.get((int) sequence - 1)))
                        .events().get(0).hash();
        for (long s = sequence; s < positions.size(); s++) {
            long position = positions.get((int) s);
            Document doc = events.find(Filters.eq("_id", position)).first();
            Document event = doc.getList("events", Document.class).get(0);
            if (s == sequence) {
                event.put("payload", payload);
            }
            event.put("prevHash", previousHash);
            StoredEvent e = new StoredEvent(event.getString("eventId"), event.getLong("seq"), event.getString("type"),
                    event.getString("revision"), event.getString("timestamp"), event.getString("payload"),
                    event.getString("metadata"), null, previousHash);
            previousHash = EventHash.of(doc.getString("aggregateType"), stream, e);
            event.put("hash", previousHash);
            doc.put("events", List.of(event));
            events.replaceOne(Filters.eq("_id", position), doc);
        }
        MongoCollection<Document> checkpoints = db.getCollection(Checkpoints.COLLECTION);
        long end = log.nextPosition() - 1;
        Map<Long, LogEntry> entries = new MongoCommitLog(db).readPositions(1, (int) end);
        Map<Long, Checkpoint> stored = log.checkpoints().endingIn(1, (int) end);
        CheckpointHasher hasher = CheckpointHasher.fromStart();
        for (long p = 1; p <= end; p++) {
            hasher.add(entries.get(p));
            if (stored.containsKey(p)) {
                Checkpoint c = hasher.seal(null);
                checkpoints.updateOne(Filters.eq("_id", p), new Document("$set", new Document("hash", c.hash())));
            }
        }
    }
}
