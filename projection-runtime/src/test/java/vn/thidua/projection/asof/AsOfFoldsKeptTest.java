package vn.thidua.projection.asof;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ProjectionDefinitions;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.generation.Generations;
import vn.thidua.testing.Infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The folds of {@link AsOfReports}: an instant older than {@link AsOfReports#SETTLED} is folded once and its fold kept
 * for the next requests (at most {@link AsOfReports#KEPT}, one no longer kept dropped with its collections); a recent
 * instant is folded for each request and leaves nothing behind.
 */
class AsOfFoldsKeptTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String COLLECTION = "counted";

    private MongoClient client;
    private MongoDatabase database;
    private final List<Instant> folds = new ArrayList<>();
    private AsOfReports reports;

    /** The movement's history: one event a minute from 10:00; a fold hands over those up to the instant. */
    private final RecordedEvents history = new RecordedEvents() {
        @Override
        public void ofMovement(String movementId, java.util.Set<String> streams, Instant upTo, Consumer<DomainEvent> each) {
            folds.add(upTo);
            for (int i = 0; i < 120; i++) {
                Instant at = Instant.parse("2026-11-29T10:00:00Z").plus(Duration.ofMinutes(i));
                if (!at.isAfter(upTo)) {
                    each.accept(new DomainEvent(i + 1, 0, "e" + i, "Movement", movementId, i, null, at, Map.of(), "payload"));
                }
            }
        }
    };

    /** Counts the events it is given into one document of its space. */
    private static Projection counting(ReadModelSpace space) {
        return new Projection() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void apply(List<DomainEvent> events) {
                space.collection(COLLECTION).updateOne(new Document("_id", "n"), new Document("$inc",
                        new Document("events", events.size())), new com.mongodb.client.model.UpdateOptions().upsert(true));
            }
        };
    }

    @BeforeEach
    void start() {
        client = MongoClients.create(Infrastructure.mongoUri());
        database = client.getDatabase(Infrastructure.uniqueName("asof_kept"));
        ProjectionDefinitions definitions = new ProjectionDefinitions(List.of(
                new ProjectionDefinition("counting", List.of(COLLECTION), AsOfFoldsKeptTest::counting)));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        reports = new AsOfReports(database, new Generations(database, definitions.all(), clock), history, definitions,
                new AsOfSettings(1_000L, null, null, null), clock);
    }

    @AfterEach
    void stop() {
        database.drop();
        client.close();
    }

    private int eventsAsOf(Instant instant) {
        return reports.read("M-1", instant, List.of("counting"),
                space -> space.collection(COLLECTION).find().first().getInteger("events"));
    }

    private long foldCollections() {
        return database.listCollectionNames().into(new ArrayList<>()).stream().filter(n -> n.startsWith("asof_")).count();
    }

    @Test
    void a_settled_instant_is_folded_once_and_kept() {
        Instant settled = Instant.parse("2026-11-29T10:29:30Z"); // 30 events up to it; 90 min before NOW
        assertThat(eventsAsOf(settled)).isEqualTo(30);
        assertThat(eventsAsOf(settled)).isEqualTo(30);
        assertThat(folds).containsExactly(settled);
        assertThat(foldCollections()).isEqualTo(1);
    }

    @Test
    void a_recent_instant_is_folded_for_every_request_and_leaves_nothing() {
        Instant recent = NOW.minus(Duration.ofMinutes(1)); // all 120 events; not settled
        assertThat(eventsAsOf(recent)).isEqualTo(120);
        assertThat(eventsAsOf(recent)).isEqualTo(120);
        assertThat(folds).containsExactly(recent, recent);
        assertThat(foldCollections()).isZero();
    }

    /**
     * Which folds stay is the cache's choice (Caffeine's, by how often and how lately each was read), not a promise;
     * the bound is: never more than {@link AsOfReports#KEPT} folds, and a fold that is no longer kept leaves no
     * collection behind and is folded again when asked for.
     */
    @Test
    void at_most_KEPT_folds_are_kept_and_a_fold_no_longer_kept_leaves_nothing_behind() {
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < AsOfReports.KEPT + 3; i++) {
            instants.add(Instant.parse("2026-11-29T10:00:00Z").plus(Duration.ofMinutes(i)));
            assertThat(eventsAsOf(instants.get(i))).isEqualTo(i + 1);
            assertThat(foldCollections()).isEqualTo(Math.min(i + 1, AsOfReports.KEPT));
        }
        assertThat(folds).hasSize(AsOfReports.KEPT + 3);
        folds.clear();

        for (int i = 0; i < instants.size(); i++) {
            int before = folds.size();
            assertThat(eventsAsOf(instants.get(i))).as("the board as of the instant, kept or folded again").isEqualTo(i + 1);
            assertThat(eventsAsOf(instants.get(i))).as("its next page").isEqualTo(i + 1);
            assertThat(folds.size() - before).as("folded at most once for both pages").isLessThanOrEqualTo(1);
            assertThat(foldCollections()).isEqualTo(AsOfReports.KEPT);
        }
        assertThat(folds).as("the folds no longer kept are folded again").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void a_fold_no_longer_kept_while_a_report_reads_it_is_dropped_only_after_that_report() {
        Instant first = Instant.parse("2026-11-29T10:09:30Z"); // 10 events up to it
        assertThat(eventsAsOf(first)).isEqualTo(10);

        int read = reports.read("M-1", first, List.of("counting"), space -> {
            // meanwhile, other reports keep (and read again) more folds than are kept: the first is evicted
            for (int i = 0; i < 4 * AsOfReports.KEPT; i++) {
                Instant other = Instant.parse("2026-11-29T10:30:00Z").plus(Duration.ofMinutes(i));
                for (int page = 0; page < 3; page++) {
                    eventsAsOf(other);
                }
            }
            return space.collection(COLLECTION).find().first().getInteger("events");
        });

        assertThat(read).as("read whole, though no longer kept").isEqualTo(10);
        assertThat(foldCollections()).as("and dropped after the report").isEqualTo(AsOfReports.KEPT);
        folds.clear();
        assertThat(eventsAsOf(first)).isEqualTo(10);
        assertThat(folds).as("it was no longer kept").containsExactly(first);
    }

    @Test
    void a_fold_that_outlasts_the_timeout_is_abandoned_leaving_nothing_behind() {
        AtomicLong millis = new AtomicLong(NOW.toEpochMilli());
        Clock slow = new Clock() { // ten seconds pass each time the fold looks at the time
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.getAndAdd(10_000));
            }
        };
        ProjectionDefinitions definitions = new ProjectionDefinitions(List.of(
                new ProjectionDefinition("counting", List.of(COLLECTION), AsOfFoldsKeptTest::counting)));
        AsOfReports bounded = new AsOfReports(database, new Generations(database, definitions.all(), slow), history, definitions,
                new AsOfSettings(1_000L, 1, Duration.ZERO, Duration.ofSeconds(15)), slow);
        assertThatThrownBy(() -> bounded.read("M-1", Instant.parse("2026-11-29T11:59:00Z"), List.of("counting"),
                space -> space.collection(COLLECTION).find().first()))
                .isInstanceOf(AsOfUnavailable.class).hasMessageContaining("could not be computed within 15 s");
        assertThat(foldCollections()).as("the abandoned fold's collections are dropped").isZero();
        assertThat(eventsAsOf(Instant.parse("2026-11-29T10:29:30Z"))).as("the slot is free again").isEqualTo(30);
    }
}
