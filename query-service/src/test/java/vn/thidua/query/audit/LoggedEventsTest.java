package vn.thidua.query.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.thidua.events.EventTypes;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.EventDecoder;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An audit-log document read back into its event ({@link LoggedEvents#decode}): for every event type, from the
 * wire-contract fixtures of {@code shared-events} and from the audit log's own test data, {@code decode(document(e))}
 * is {@code e} again — payload record, exact decimals with their scale, dates, nested records, lists, metadata,
 * revision — and the same after a round trip through the MongoDB-wire server.
 */
class LoggedEventsTest {

    /** The wire-contract fixtures: {@code <SimpleName>-<revision>.json}, each the payload as the command side writes it. */
    static final Path FIXTURES = Path.of("..", "shared-events", "src", "test", "resources", "events");
    /** As {@code EventDecoder} reads payloads. */
    static final ObjectMapper QUERY_SIDE = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final Instant AT = Instant.parse("2018-06-30T09:15:42.123Z");

    /** One event per fixture, its payload read from the fixture, at the fixture's revision. */
    static Stream<DomainEvent> fixtures() throws IOException {
        List<DomainEvent> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".json", "");
                String simpleName = name.substring(0, name.lastIndexOf('-'));
                String revision = name.substring(name.lastIndexOf('-') + 1);
                Class<?> type = EventTypes.ALL.stream().filter(c -> c.getSimpleName().equals(simpleName)).findFirst()
                        .orElseThrow(() -> new AssertionError("a fixture of no event type: " + file));
                Object payload = QUERY_SIDE.readValue(file.toFile(), type);
                events.add(new DomainEvent(2_000 + events.size(), events.size() % 3, "evt-" + name, "Aggregate",
                        "aggregate-" + simpleName, events.size(), revision, AT.plus(events.size(), ChronoUnit.MINUTES),
                        metadata(), payload));
            }
        }
        return events.stream();
    }

    /** Metadata of every kind the envelope may carry: text, numbers (exact), a nested object, a list. */
    static Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", "nguyễn-văn-an");
        m.put("role", "UNIT_REPORTER");
        m.put("unitId", "PTP-213");
        m.put("submissionId", "sub-9");
        m.put("attempt", 2);
        m.put("weight", new BigDecimal("0.50"));
        m.put("client", new LinkedHashMap<>(Map.of("app", "thidua-web")));
        m.put("tags", List.of("quý II", "bổ sung"));
        return m;
    }

    @Test
    void there_is_a_fixture_of_every_event_type() throws IOException {
        assertThat(fixtures().<Class<?>>map(e -> e.payload().getClass()).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void every_fixture_reads_back_into_the_event_it_was_logged_from(DomainEvent e) {
        DomainEvent decoded = LoggedEvents.decode(LoggedEvents.document(e));

        assertThat(decoded.payload()).isEqualTo(e.payload());
        assertThat(decoded).isEqualTo(e);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void every_fixture_read_from_its_envelope_reads_back_as_the_decoder_gave_it(DomainEvent e) throws IOException {
        DomainEvent fromTopic = new EventDecoder().decode(EventEnvelopes.encode(e)).orElseThrow();

        assertThat(LoggedEvents.decode(LoggedEvents.document(fromTopic))).isEqualTo(fromTopic);
    }

    @Test
    void every_event_of_the_audit_log_test_data_reads_back() {
        for (DomainEvent e : AuditLogProjectionTest.everyType()) {
            assertThat(LoggedEvents.decode(LoggedEvents.document(e))).as(e.payload().getClass().getSimpleName())
                    .isEqualTo(e);
        }
    }

    @Test
    void events_stored_in_the_mongodb_wire_server_read_back_unchanged() {
        List<DomainEvent> events = new ArrayList<>(AuditLogProjectionTest.everyType());
        try (Stream<DomainEvent> fixtures = fixtures()) {
            events.addAll(fixtures.toList());
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        try (MongoClient client = MongoClients.create(Infrastructure.mongoUri())) {
            MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("logged_events"));
            new AuditLogProjection(db).apply(events);

            List<DomainEvent> read = db.getCollection(AuditLogProjection.COLLECTION).find().sort(Sorts.ascending("_id"))
                    .map(LoggedEvents::decode).into(new ArrayList<>());

            assertThat(read).containsExactlyInAnyOrderElementsOf(events);
        }
    }

    @Test
    void decimals_keep_their_scale_and_digits() {
        DomainEvent e = AuditLogProjectionTest.resultRecorded();

        TaskResultRecorded payload = (TaskResultRecorded) LoggedEvents.decode(LoggedEvents.document(e)).payload();

        assertThat(payload.values()).extracting(IndicatorValue::value).extracting(BigDecimal::toPlainString)
                .containsExactly("87.25", "12", "0.10");
    }

    @Test
    void the_timestamp_comes_back_at_millisecond_precision() {
        DomainEvent e = AuditLogProjectionTest.resultRecorded();
        DomainEvent precise = new DomainEvent(e.position(), e.index(), e.eventId(), e.aggregateType(), e.aggregateId(),
                e.sequence(), e.revision(), Instant.parse("2018-04-05T03:00:00.123456789Z"), e.metadata(), e.payload());

        DomainEvent decoded = LoggedEvents.decode(LoggedEvents.document(precise));

        assertThat(decoded.timestamp()).isEqualTo(Instant.parse("2018-04-05T03:00:00.123Z"));
        assertThat(decoded.payload()).isEqualTo(precise.payload());
    }

    @Test
    void an_entry_logged_before_revisions_were_kept_has_none() {
        Document logged = LoggedEvents.document(AuditLogProjectionTest.resultRecorded());
        logged.remove("revision");

        DomainEvent decoded = LoggedEvents.decode(logged);

        assertThat(decoded.revision()).isNull();
        assertThat(decoded.payload()).isEqualTo(AuditLogProjectionTest.recorded());
    }

    @Test
    void a_negative_zero_is_a_zero() {
        Document logged = LoggedEvents.document(AuditLogProjectionTest.resultRecorded());
        logged.get("payload", Document.class).getList("values", Document.class).get(0)
                .put("value", Decimal128.parse("-0.00"));

        TaskResultRecorded payload = (TaskResultRecorded) LoggedEvents.decode(logged).payload();

        assertThat(payload.values().get(0).value()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void an_entry_of_a_type_this_service_does_not_know_is_refused_and_no_other_class_is_loaded() {
        Document logged = LoggedEvents.document(AuditLogProjectionTest.resultRecorded());
        logged.put("typeName", "java.lang.ProcessBuilder");

        assertThatThrownBy(() -> LoggedEvents.decode(logged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.ProcessBuilder");
    }
}
