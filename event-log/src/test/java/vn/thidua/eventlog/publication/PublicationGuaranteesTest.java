package vn.thidua.eventlog.publication;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.testing.Infrastructure;
import vn.thidua.eventlog.testing.TopicReader;
import vn.thidua.eventlog.testing.TopicReader.Published;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The guarantees of the path from the event log to Kafka, over the real MongoDB-wire server and a real
 * KRaft broker: nothing skipped when inserts finish out of order, nothing lost when a writer dies between
 * claiming a position and inserting, when Kafka is down or when the publisher dies before moving its
 * cursor, and every event once when two instances write and publish.
 */
class PublicationGuaranteesTest {

    static final Duration GAP_TIMEOUT = Duration.ofMillis(600);
    static final Duration LEASE_TTL = Duration.ofSeconds(2);

    MongoClient client;
    MongoDatabase db;
    String topic;
    TopicReader topicReader;
    final List<KafkaPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        client = MongoClients.create(Infrastructure.mongoUri());
        String name = "publication_" + UUID.randomUUID().toString().substring(0, 8);
        db = client.getDatabase(name);
        topic = name;
        topicReader = new TopicReader(Infrastructure.kafkaBootstrap(), topic);
    }

    @AfterEach
    void tearDown() {
        publishers.forEach(KafkaPublisher::stop);
        topicReader.close();
        client.close();
    }

    KafkaPublisher publisher(MongoCommitLog log, String owner) {
        PublisherSettings settings = new PublisherSettings(topic, 3, (short) 1, 200, Duration.ofMillis(10),
                GAP_TIMEOUT, LEASE_TTL);
        KafkaPublisher publisher = new KafkaPublisher(log, new PublisherLease(db, owner, LEASE_TTL, Clock.systemUTC()),
                settings, Infrastructure.kafkaBootstrap(), Clock.systemUTC(), new SimpleMeterRegistry());
        publishers.add(publisher);
        return publisher;
    }

    static Commit commit(String aggregateId, long sequence) {
        return new Commit(0, UUID.randomUUID().toString(), "Movement", aggregateId, List.of(new StoredEvent(
                UUID.randomUUID().toString(), sequence, "test.Event", "1", Instant.now().toString(),
                "{\"n\":" + sequence + "}", "{}")));
    }

    /** A log whose inserts for some aggregates are delayed or never happen, as with a stalled or dying writer. */
    static class FaultyLog extends MongoCommitLog {
        final Map<String, Long> delays = new ConcurrentHashMap<>();
        final Set<String> dying = ConcurrentHashMap.newKeySet();

        FaultyLog(MongoDatabase db) {
            super(db);
        }

        @Override
        protected void insert(Document commit) {
            String aggregate = commit.getString("aggregateId");
            if (dying.contains(aggregate)) {
                throw new IllegalStateException("writer died after claiming position " + commit.get("_id"));
            }
            Long delay = delays.remove(aggregate); // a writer stalls once, not on every retry
            if (delay != null) {
                await().pollDelay(Duration.ofMillis(delay)).until(() -> true);
            }
            super.insert(commit);
        }
    }

    List<Published> awaitPublished(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> topicReader.all().size() >= count);
        return topicReader.all();
    }

    static void assertPerPartitionLogOrder(List<Published> published) {
        published.stream().collect(Collectors.groupingBy(Published::partition)).values().forEach(partition -> {
            List<Long> positions = partition.stream().sorted(Comparator.comparingLong(Published::offset))
                    .map(Published::position).toList();
            assertThat(positions).isSorted();
        });
    }

    @Test
    void a_commit_that_finishes_after_later_ones_is_published_not_skipped() throws Exception {
        FaultyLog log = new FaultyLog(db);
        publisher(log, "a").start();
        log.delays.put("SLOW", 400L); // well below the gap timeout: a slow insert, not a dead writer
        CompletableFuture<Long> slow = CompletableFuture.supplyAsync(() -> log.append(commit("SLOW", 0)));
        await().until(() -> log.nextPosition() > 1); // SLOW has claimed position 1
        for (int i = 0; i < 20; i++) {
            log.append(commit("FAST-" + i, 0));
        }
        long slowPosition = slow.get();

        List<Published> published = awaitPublished(21);
        assertThat(published).extracting(Published::aggregateId).contains("SLOW");
        assertThat(slowPosition).isEqualTo(1);
        assertThat(published).hasSize(21);
        assertPerPartitionLogOrder(published);
    }

    @Test
    void a_position_whose_writer_died_is_sealed_and_the_events_after_it_flow() {
        FaultyLog log = new FaultyLog(db);
        publisher(log, "a").start();
        log.dying.add("DEAD");
        assertThatThrownBy(() -> log.append(commit("DEAD", 0))).hasMessageContaining("writer died");
        for (int i = 0; i < 5; i++) {
            log.append(commit("AFTER-" + i, 0));
        }
        List<Published> published = awaitPublished(5);
        assertThat(published).extracting(Published::aggregateId).doesNotContain("DEAD").hasSize(5);
        Document sealed = db.getCollection(MongoCommitLog.COLLECTION).find(Filters.eq("_id", 1L)).first();
        assertThat(sealed).isNotNull();
        assertThat(sealed.getBoolean("gap")).isTrue();
    }

    @Test
    void a_writer_slower_than_the_gap_timeout_retries_at_a_new_position_and_is_published() throws Exception {
        FaultyLog log = new FaultyLog(db);
        publisher(log, "a").start();
        log.delays.put("STALLED", GAP_TIMEOUT.toMillis() * 3);
        CompletableFuture<Long> stalled = CompletableFuture.supplyAsync(() -> log.append(commit("STALLED", 0)));
        await().until(() -> log.nextPosition() > 1);
        for (int i = 0; i < 5; i++) {
            log.append(commit("MOVING-" + i, 0));
        }
        long storedAt = stalled.get();

        List<Published> published = awaitPublished(6);
        assertThat(storedAt).as("position 1 was sealed while the writer stalled").isGreaterThan(6);
        assertThat(published).filteredOn(p -> p.aggregateId().equals("STALLED")).singleElement()
                .extracting(Published::position).isEqualTo(storedAt);
        assertThat(published).hasSize(6);
    }

    @Test
    void events_stored_while_kafka_is_down_are_published_when_it_returns() {
        MongoCommitLog log = new MongoCommitLog(db);
        publisher(log, "a").start();
        for (int i = 0; i < 50; i++) {
            log.append(commit("BEFORE-" + i, 0));
        }
        awaitPublished(50);

        Infrastructure.stopKafka();
        try {
            for (int i = 0; i < 50; i++) {
                log.append(commit("DURING-" + i, 0)); // the store keeps accepting commands
            }
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        } finally {
            Infrastructure.restartKafka();
        }
        for (int i = 0; i < 10; i++) {
            log.append(commit("AFTER-" + i, 0));
        }
        TopicReader fresh = new TopicReader(Infrastructure.kafkaBootstrap(), topic);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> distinctEvents(fresh.all()) >= 110);
            assertThat(distinctEvents(fresh.all())).isEqualTo(110);
            assertThat(fresh.all()).extracting(Published::aggregateId)
                    .contains("BEFORE-0", "DURING-0", "DURING-49", "AFTER-9");
        } finally {
            fresh.close();
        }
    }

    @Test
    void a_publisher_that_dies_before_moving_its_cursor_is_replaced_and_nothing_is_lost() {
        MongoCommitLog log = new MongoCommitLog(db);
        for (int i = 0; i < 30; i++) {
            log.append(commit("STORED-BEFORE-ANY-PUBLISHER-" + i, 0)); // stored, then the instance "died"
        }
        // an instance that sends but dies before moving the cursor, and never releases its lease
        PublisherSettings settings = new PublisherSettings(topic, 3, (short) 1, 200, Duration.ofMillis(10),
                GAP_TIMEOUT, LEASE_TTL);
        PublisherLease dyingLease = new PublisherLease(db, "dying", LEASE_TTL, Clock.systemUTC()) {
            @Override
            public boolean advance(long position) {
                throw new IllegalStateException("killed between Kafka's acknowledgement and the cursor move");
            }

            @Override
            public void release() {
            }
        };
        KafkaPublisher dying = new KafkaPublisher(log, dyingLease, settings, Infrastructure.kafkaBootstrap(),
                Clock.systemUTC(), new SimpleMeterRegistry());
        dying.start();
        awaitPublished(30);
        dying.stop();
        assertThat(new PublisherLease(db, "observer", LEASE_TTL, Clock.systemUTC()).cursor()).isZero();

        publisher(log, "successor").start();
        for (int i = 0; i < 10; i++) {
            log.append(commit("LATER-" + i, 0));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> distinctEvents(topicReader.all()) >= 40);
        assertThat(distinctEvents(topicReader.all())).isEqualTo(40);
        // at least once: the successor sent the unacknowledged batch again; consumers apply by sequence
        assertThat(topicReader.all().size()).isGreaterThanOrEqualTo(40 + 30);
    }

    @Test
    void a_publisher_paused_past_its_lease_publishes_nothing_when_it_wakes_while_another_holds_the_lease() throws Exception {
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        AtomicBoolean batchInHand = new AtomicBoolean();
        MongoCommitLog log = new MongoCommitLog(db) {
            @Override
            public Map<Long, LogEntry> readPositions(long fromInclusive, int count) {
                Map<Long, LogEntry> found = super.readPositions(fromInclusive, count);
                if (found.values().stream().anyMatch(e -> e instanceof Commit c && c.aggregateId().equals("WHILE-PAUSED"))) {
                    batchInHand.set(true);
                }
                return found;
            }
        };
        // the instance stops (SIGSTOP) right after the fence of the batch holding WHILE-PAUSED, before sending it
        PublisherLease pausing = new PublisherLease(db, "paused", LEASE_TTL, Clock.systemUTC()) {
            @Override
            public boolean renew() {
                return thenPause(super.renew());
            }

            @Override
            public boolean advance(long position) {
                return thenPause(super.advance(position));
            }

            private boolean thenPause(boolean held) {
                if (held && batchInHand.compareAndSet(true, false) && paused.getCount() > 0) {
                    paused.countDown();
                    try {
                        wake.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return held;
            }
        };
        PublisherSettings settings = new PublisherSettings(topic, 3, (short) 1, 200, Duration.ofMillis(10),
                GAP_TIMEOUT, LEASE_TTL);
        KafkaPublisher sleeper = new KafkaPublisher(log, pausing, settings, Infrastructure.kafkaBootstrap(),
                Clock.systemUTC(), new SimpleMeterRegistry());
        publishers.add(sleeper);
        try {
            sleeper.start();
            log.append(commit("BEFORE", 0));
            awaitPublished(1);
            log.append(commit("WHILE-PAUSED", 0));
            assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();

            MongoCommitLog successorLog = new MongoCommitLog(db);
            publisher(successorLog, "successor").start(); // takes the lease once the paused one's expires
            successorLog.append(commit("AFTER", 0));
            awaitPublished(3);
        } finally {
            wake.countDown(); // SIGCONT: the woken instance holds its batch, fenced in the meantime
        }
        await("the woken instance finds itself fenced").atMost(Duration.ofSeconds(30)).until(() -> !sleeper.isLeader());
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        List<Published> published = topicReader.all();
        assertThat(published).extracting(p -> p.envelope().aggregateId()).as("each event once, none sent after the wake")
                .containsExactlyInAnyOrder("BEFORE", "WHILE-PAUSED", "AFTER");
    }

    @Test
    void two_instances_writing_and_publishing_publish_every_event_exactly_once() throws Exception {
        MongoCommitLog first = new MongoCommitLog(db);
        MongoCommitLog second = new MongoCommitLog(db);
        publisher(first, "instance-1").start();
        publisher(second, "instance-2").start();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> work = IntStream.range(0, 4).mapToObj(w -> CompletableFuture.runAsync(() -> {
                MongoCommitLog log = w % 2 == 0 ? first : second;
                for (int i = 0; i < 100; i++) {
                    log.append(commit("W" + w + "-" + i, 0));
                }
            }, writers)).toList();
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
        } finally {
            writers.shutdown();
        }
        List<Published> published = awaitPublished(400);
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        published = topicReader.all();
        assertThat(published).hasSize(400);
        assertThat(distinctEvents(published)).isEqualTo(400);
        assertThat(publishers.stream().filter(KafkaPublisher::isLeader).count()).isEqualTo(1);
        assertPerPartitionLogOrder(published);
    }

    @Test
    void concurrent_writers_to_one_aggregate_cannot_both_take_a_sequence() throws Exception {
        MongoCommitLog first = new MongoCommitLog(db);
        MongoCommitLog second = new MongoCommitLog(db);
        first.append(commit("SHARED", 0));
        second.append(commit("SHARED", 1));
        assertThatThrownBy(() -> first.append(commit("SHARED", 1)))
                .isInstanceOf(vn.thidua.eventlog.store.StreamConflict.class);
        assertThat(first.readStream("SHARED", 0)).extracting(Commit::firstSequence).containsExactly(0L, 1L);
    }

    static long distinctEvents(List<Published> published) {
        return published.stream().map(Published::eventId).filter(Predicate.not(String::isEmpty)).distinct().count();
    }
}
