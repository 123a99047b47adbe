package vn.thidua.projection.parking;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.documents.FoldedDocuments;
import vn.thidua.projection.generation.LiveProjections;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A handler made to fail on one event: that event and the rest of its stream are parked with the error, every
 * other stream is applied, and nothing is skipped silently; a database failure is retried, never parked.
 */
class ParkingTest {

    static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    /**
     * A real folding projection: one document per stream counting its events, through {@link FoldedDocuments} as the
     * boards are — so it refuses an event after a hole, as every fold does.
     */
    static final class EventCounts implements Projection {
        static final String NAME = "event-counts";
        static final String COLLECTION = "event_counts";
        private final FoldedDocuments counts;

        EventCounts(MongoDatabase database) {
            this.counts = new FoldedDocuments(database.getCollection(COLLECTION), "event count");
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void apply(List<DomainEvent> events) {
            Map<String, List<DomainEvent>> byStream = new LinkedHashMap<>();
            events.forEach(e -> byStream.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>()).add(e));
            counts.apply(byStream, (doc, e) -> new Document("events", doc == null ? 1 : doc.getInteger("events") + 1)
                    .append("last", e.payload().getClass().getSimpleName()));
        }
    }

    /** The real projection, except that its handler throws on the events the test chooses. */
    record Failing(Projection inner, Predicate<DomainEvent> poison, RuntimeException error) implements Projection {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void apply(List<DomainEvent> events) {
            if (events.stream().anyMatch(poison)) {
                throw error;
            }
            inner.apply(events);
        }
    }

    static List<Parking.Received> received(List<DomainEvent> events) {
        return events.stream().map(e -> new Parking.Received(e, ("raw " + e.eventId()).getBytes(), "topic-0@" + e.position())).toList();
    }

    @Test
    void the_event_a_handler_fails_on_and_the_rest_of_its_stream_are_parked_and_every_other_stream_goes_on() {
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("parking"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Parking parking = new Parking(db, meters);
        EventCounts counts = new EventCounts(db);
        List<DomainEvent> a = MovementHistory.generated("PT-A", "Phong trào A", MovementKind.ANNUAL, 2, false);
        List<DomainEvent> b = MovementHistory.generated("PT-B", "Phong trào B", MovementKind.ANNUAL, 2, false);
        List<DomainEvent> c = MovementHistory.generated("PT-C", "Phong trào C", MovementKind.ANNUAL, 2, true);
        DomainEvent poisoned = b.get(3);
        List<DomainEvent> batch = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) { // interleaved, as partitions deliver them
            batch.add(a.get(i));
            batch.add(b.get(i));
        }
        batch.addAll(c);
        Projection failing = new Failing(counts, e -> e.eventId().equals(poisoned.eventId()),
                new IllegalArgumentException("handler bug on " + poisoned.eventId()));

        parking.apply(failing, received(batch));

        var streams = db.getCollection(EventCounts.COLLECTION);
        assertThat(streams.find(Filters.eq("_id", "PT-A")).first().getLong("version")).isEqualTo(a.size() - 1);
        assertThat(streams.find(Filters.eq("_id", "PT-C")).first().getString("last")).isEqualTo("MovementClosed");
        assertThat(streams.find(Filters.eq("_id", "PT-B")).first().getLong("version")).as("applied up to the poison").isEqualTo(2);
        List<Document> parked = db.getCollection("parked_events").find(Filters.eq("aggregateId", "PT-B")).into(new ArrayList<>());
        assertThat(parked).extracting(d -> d.getLong("sequence")).containsExactlyInAnyOrder(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        Document first = parked.stream().filter(d -> d.getLong("sequence") == 3).findFirst().orElseThrow();
        assertThat(first.getString("error")).contains("handler bug on");
        assertThat(first.getString("projection")).isEqualTo(EventCounts.NAME);
        assertThat(first.get("value", org.bson.types.Binary.class).getData()).isEqualTo(("raw " + poisoned.eventId()).getBytes());
        assertThat(parked.stream().filter(d -> d.getLong("sequence") == 4).findFirst().orElseThrow().getString("error"))
                .contains("earlier event of its stream is parked");
        assertThat(meters.get("thidua.projection.parked").counter().count()).isEqualTo(8);

        // an event of the stopped stream delivered again later (e.g. redelivered): the real fold refuses the hole,
        // so it stays parked and the stream stays where it was
        parking.apply(counts, received(List.of(b.get(10))));
        assertThat(db.getCollection("parked_events").countDocuments(Filters.eq("aggregateId", "PT-B"))).isEqualTo(8);
        assertThat(streams.find(Filters.eq("_id", "PT-B")).first().getLong("version")).isEqualTo(2);
    }

    @Test
    void a_failing_database_is_retried_not_parked() {
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("parking_db"));
        Parking parking = new Parking(db, new SimpleMeterRegistry());
        List<DomainEvent> events = MovementHistory.generated("PT-D", "Phong trào D", MovementKind.ANNUAL, 1, false);
        Projection away = new Failing(new EventCounts(db), e -> true, new MongoTimeoutException("no server"));
        assertThatThrownBy(() -> parking.apply(away, received(events))).isInstanceOf(MongoTimeoutException.class);
        assertThat(db.getCollection("parked_events").countDocuments()).isZero();
    }

    @Test
    void a_write_refused_for_lack_of_disk_space_is_retried_not_parked() {
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("parking_disk"));
        Parking parking = new Parking(db, new SimpleMeterRegistry());
        List<DomainEvent> events = MovementHistory.generated("PT-F", "Phong trào F", MovementKind.ANNUAL, 1, false);
        MongoCommandException full = new MongoCommandException(new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(14031)).append("codeName", new BsonString("OutOfDiskSpace"))
                .append("errmsg", new BsonString("write refused: 0 MB free on the store's disk")), new ServerAddress());
        Projection refused = new Failing(new EventCounts(db), e -> true, full);
        assertThatThrownBy(() -> parking.apply(refused, received(events))).isSameAs(full);
        assertThat(db.getCollection("parked_events").countDocuments()).isZero();
    }

    @Test
    void after_the_fix_a_retry_applies_the_parked_stream_in_order_and_clears_it() {
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("parking_retry"));
        Parking parking = new Parking(db, new SimpleMeterRegistry());
        EventCounts counts = new EventCounts(db);
        List<DomainEvent> b = MovementHistory.generated("PT-R", "Phong trào R", MovementKind.ANNUAL, 2, false);
        // the raw record is what a retry decodes again: the real envelope, as the topic carried it
        List<Parking.Received> batch = b.stream()
                .map(e -> new Parking.Received(e, EventEnvelopes.encode(e), "t-0@" + e.position())).toList();
        parking.apply(new Failing(counts, e -> e.sequence() == 4, new IllegalStateException("bug")), batch);
        assertThat(db.getCollection("parked_events").countDocuments()).isEqualTo(b.size() - 4);

        ParkedEvents parked = new ParkedEvents(db, new LiveProjections(List.of(counts)));
        assertThat(parked.list(EventCounts.NAME, 0, 50).total()).isEqualTo(b.size() - 4);
        var outcome = parked.retry(EventCounts.NAME, "PT-R"); // the fixed handler: the real projection

        assertThat(outcome.applied()).isEqualTo(b.size() - 4);
        assertThat(outcome.stillParked()).isZero();
        assertThat(db.getCollection("parked_events").countDocuments()).isZero();
        assertThat(db.getCollection(EventCounts.COLLECTION).find(Filters.eq("_id", "PT-R")).first()
                .getLong("version")).isEqualTo(b.size() - 1);
    }

    /**
     * What the publisher's re-send after a timed-out batch delivers (its later events first, then the whole batch
     * again): the early copies of the later events are parked, the whole batch then applies the stream in full, and
     * the parked copies stop nothing.
     */
    @Test
    void later_events_delivered_before_earlier_ones_and_then_the_whole_batch_again_lose_nothing() {
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("parking_resent"));
        Parking parking = new Parking(db, new SimpleMeterRegistry());
        EventCounts counts = new EventCounts(db);
        List<DomainEvent> events = MovementHistory.generated("PT-S", "Phong trào S", MovementKind.ANNUAL, 2, false);
        List<DomainEvent> later = events.subList(5, events.size());

        parking.apply(counts, received(later));
        assertThat(db.getCollection("parked_events").countDocuments()).isEqualTo(later.size());
        parking.apply(counts, received(events));

        Document stream = db.getCollection(EventCounts.COLLECTION).find(Filters.eq("_id", "PT-S")).first();
        assertThat(stream.getLong("version")).isEqualTo(events.size() - 1);
        assertThat(stream.getInteger("events")).isEqualTo(events.size());
        assertThat(db.getCollection("parked_events").countDocuments()).isEqualTo(later.size());
    }
}
