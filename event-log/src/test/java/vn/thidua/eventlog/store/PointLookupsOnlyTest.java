package vn.thidua.eventlog.store;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.publication.KafkaPublisher;
import vn.thidua.eventlog.publication.PublisherLease;
import vn.thidua.eventlog.publication.PublisherSettings;
import vn.thidua.testing.Infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee 3 of the publication design: the cost of appending, loading and publishing one event does not
 * grow with the log. The embedded MongoDB-wire server answers only {@code _id} and single-field unique
 * lookups ({@code = x} or {@code $in}) without scanning, so every query the event store and the publisher
 * send to the {@code events} collection must be of that shape — except the one sorted read at start-up.
 * The test records every command the driver sends while commits are appended, loaded and published.
 */
class PointLookupsOnlyTest {

    final List<BsonDocument> finds = new CopyOnWriteArrayList<>();
    MongoClient client;
    MongoDatabase db;
    KafkaPublisher publisher;

    @BeforeEach
    void setUp() {
        CommandListener recorder = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                if (event.getCommandName().equals("find") && command.getString("find").getValue().equals(MongoCommitLog.COLLECTION)) {
                    finds.add(command.clone());
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(Infrastructure.mongoUri()))
                .addCommandListener(recorder).build());
        db = client.getDatabase("lookups_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void tearDown() {
        if (publisher != null) {
            publisher.stop();
        }
        client.close();
    }

    @Test
    void appending_loading_and_publishing_use_only_point_lookups_after_start_up() {
        MongoCommitLog log = new MongoCommitLog(db);
        assertThat(finds).as("the start-up read of the highest position").hasSize(1);
        finds.clear();

        String topic = db.getName();
        publisher = new KafkaPublisher(log, new PublisherLease(db, "only", Duration.ofSeconds(5), Clock.systemUTC()),
                new PublisherSettings(topic, 2, (short) 1, 100, Duration.ofMillis(10), Duration.ofSeconds(1),
                        Duration.ofSeconds(5)),
                Infrastructure.kafkaBootstrap(), Clock.systemUTC(), new SimpleMeterRegistry());
        publisher.start();
        for (int aggregate = 0; aggregate < 20; aggregate++) {
            for (int seq = 0; seq < 5; seq++) {
                log.append(new Commit(0, UUID.randomUUID().toString(), "Movement", "M-" + aggregate, List.of(
                        new StoredEvent(UUID.randomUUID().toString(), seq, "t", "1", Instant.now().toString(), "{}", "{}"))));
            }
        }
        assertThat(log.readStream("M-7", 0)).hasSize(5);
        assertThat(log.readStream("M-7", 3)).hasSize(2);
        await().until(() -> publisher.cursor() >= 100);

        assertThat(finds).isNotEmpty();
        assertThat(finds).allSatisfy(find -> {
            assertThat(find.containsKey("sort")).as("no sorted read: %s", find).isFalse();
            BsonDocument filter = find.getDocument("filter");
            assertThat(filter.keySet()).as("filter on one indexed field: %s", filter).hasSize(1);
            String field = filter.getFirstKey();
            assertThat(field).isIn(Set.of("_id", "stream"));
            BsonValue condition = filter.get(field);
            if (condition.isDocument()) {
                assertThat(condition.asDocument().keySet()).as("only $in: %s", filter).containsExactly("$in");
                assertThat(condition.asDocument().getArray("$in").size()).isLessThanOrEqualTo(500);
            }
        });
    }
}
