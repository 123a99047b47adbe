package vn.thidua.query.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.events.EventTypes;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.EventDecoder;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log projection against the real MongoDB-wire server: every event of every type becomes one
 * document keyed by its place in the log, with its metadata and its payload intact (exact decimals,
 * Vietnamese text), and an event seen again leaves the same single document.
 * <p>
 * The expected documents are written out here from the test data, not computed with the projection's code.
 */
class AuditLogProjectionTest {

    static MongoClient client;

    MongoDatabase database;
    MongoCollection<Document> log;
    AuditLogProjection projection;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.mongoUri());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = client.getDatabase(Infrastructure.uniqueName("audit"));
        log = database.getCollection(AuditLogProjection.COLLECTION);
        projection = new AuditLogProjection(database);
    }

    // ---- test data ----

    static final Instant AT = Instant.parse("2018-04-05T03:00:00Z");
    static final String RESULT_ID = "PT-2018-01~1~PTP-001~2018-Q1";
    static final String SUPPORT_ID = "PT-NTM-2016~10351";

    static Map<String, Object> unitOfficer() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", "nguyen-van-an");
        m.put("role", "UNIT_OFFICER");
        m.put("unitId", "PTP-001");
        m.put("submissionId", "sub-0001");
        m.put("idempotencyKey", "idem-0001");
        m.put("correlationId", "corr-0001");
        m.put("clientAddress", "10.0.0.7");
        return m;
    }

    static Map<String, Object> provinceAdmin() {
        return Map.of("subject", "can-bo-thi-dua", "role", "PROVINCE_ADMIN", "submissionId", "sub-0002",
                "clientAddress", "10.0.0.1");
    }

    static DomainEvent event(long position, int index, String aggregateType, String aggregateId, long sequence,
                             Instant timestamp, Map<String, Object> metadata, Object payload) {
        return new DomainEvent(position, index, "evt-" + position + "-" + index, aggregateType, aggregateId, sequence,
                EventEnvelopes.REVISION, timestamp, metadata, payload);
    }

    static TaskResultRecorded recorded() {
        return new TaskResultRecorded(RESULT_ID, "PT-2018-01", 1, "PTP-001", "2018-Q1",
                List.of(new IndicatorValue("TT1", new BigDecimal("87.25")), new IndicatorValue("TT2", new BigDecimal("12")),
                        new IndicatorValue("TT3", new BigDecimal("0.10"))),
                "Báo cáo số 15/BC-PTP ngày 02/04/2018 của Phòng Tư pháp huyện Yên Dũng; đạt 87,25% kế hoạch");
    }

    static DomainEvent resultRecorded() {
        return event(1042, 0, "TaskResult", RESULT_ID, 0, AT, unitOfficer(), recorded());
    }

    /** One event of each type of the wire contract, in log order. */
    static List<DomainEvent> everyType() {
        String movement = "PT-2018-01";
        return List.of(
                event(1001, 0, "Movement", movement, 0, AT.minus(90, ChronoUnit.DAYS), provinceAdmin(),
                        MovementHistory.registered(movement, "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL)),
                event(1002, 0, "Movement", movement, 1, AT.minus(89, ChronoUnit.DAYS), provinceAdmin(),
                        MovementHistory.keyTask(movement, 1)),
                event(1003, 0, "Movement", movement, 2, AT.minus(60, ChronoUnit.DAYS), provinceAdmin(),
                        MovementHistory.enrolled(movement, 1)),
                event(1010, 0, "CommuneSupport", SUPPORT_ID, 0, AT.minus(30, ChronoUnit.DAYS), provinceAdmin(),
                        new CommuneSupportAssigned("PT-NTM-2016", "10351", "PTP-001",
                                new AssignmentDecision("125/QĐ-STP", LocalDate.of(2018, 3, 1)), LocalDate.of(2018, 3, 5), false)),
                event(1011, 0, "CommuneSupport", SUPPORT_ID, 1, AT.minus(20, ChronoUnit.DAYS), unitOfficer(),
                        new SupportActivityRecorded("PT-NTM-2016", "10351", "PTP-001", "HD-01",
                                SupportActivityType.LEGAL_DISSEMINATION, LocalDate.of(2018, 3, 16), 120,
                                "Tuyên truyền Luật Hòa giải ở cơ sở tại nhà văn hóa thôn Đông")),
                event(1011, 1, "CommuneSupport", SUPPORT_ID, 2, AT.minus(20, ChronoUnit.DAYS), unitOfficer(),
                        new CommuneCriterionAssessed("PT-NTM-2016", "10351", 2018,
                                new CriterionScores(new BigDecimal("14.5"), new BigDecimal("28"), new BigDecimal("22.75"),
                                        new BigDecimal("9"), new BigDecimal("18")),
                                new BigDecimal("92.25"), true, true, "619/2019-v1", LocalDate.of(2018, 3, 16), "Đạt chuẩn")),
                resultRecorded(),
                event(1043, 0, "TaskResult", RESULT_ID, 1, AT.plus(5, ChronoUnit.DAYS), provinceAdmin(),
                        new TaskResultReturned(RESULT_ID, "PT-2018-01", 1, "PTP-001", "2018-Q1", "Thiếu số liệu chỉ tiêu TT3")),
                event(1044, 0, "TaskResult", RESULT_ID, 2, AT.plus(7, ChronoUnit.DAYS), unitOfficer(),
                        new TaskResultCorrected(RESULT_ID, "PT-2018-01", 1, "PTP-001", "2018-Q1",
                                List.of(new IndicatorValue("TT1", new BigDecimal("87.25")),
                                        new IndicatorValue("TT3", new BigDecimal("3"))),
                                "Bổ sung biên bản", "Bổ sung chỉ tiêu TT3")),
                event(1045, 0, "TaskResult", RESULT_ID, 3, AT.plus(10, ChronoUnit.DAYS), provinceAdmin(),
                        new TaskResultApproved(RESULT_ID, "PT-2018-01", 1, "PTP-001", "2018-Q1", "")),
                event(1100, 0, "CommuneSupport", SUPPORT_ID, 3, AT.plus(200, ChronoUnit.DAYS), provinceAdmin(),
                        new CommuneSupportEnded("PT-NTM-2016", "10351", "PTP-001", LocalDate.of(2018, 12, 31),
                                "Kết thúc giai đoạn hỗ trợ")),
                event(1101, 0, "Movement", movement, 3, AT.plus(201, ChronoUnit.DAYS), provinceAdmin(),
                        MovementHistory.closed(movement)),
                event(1200, 0, "StructureRegister", "structure", 0, AT.plus(300, ChronoUnit.DAYS), provinceAdmin(),
                        new vn.thidua.events.structure.StructureVersionImported("structure", "24",
                                vn.thidua.events.structure.StructureList.ADMIN_UNITS, LocalDate.of(2025, 7, 1),
                                "NQ 1658/NQ-UBTVQH15", "ab".repeat(32), List.of(new vn.thidua.events.structure.StructureEntry(2,
                                "07210", "Phường Bắc Giang", "phuong", "24", List.of("07201", "07210"), false, "mã chưa đối chiếu")))));
    }

    /** The document of {@link #resultRecorded()}, field for field. */
    static Document expectedResultRecorded() {
        return new Document("_id", "0000000000000001042-0000")
                .append("position", 1042L)
                .append("index", 0)
                .append("eventId", "evt-1042-0")
                .append("aggregateType", "TaskResult")
                .append("aggregateId", RESULT_ID)
                .append("sequence", 0L)
                .append("type", "TaskResultRecorded")
                .append("typeName", "vn.thidua.events.result.TaskResultRecorded")
                .append("revision", "1")
                .append("timestamp", Date.from(AT))
                .append("metadata", new Document("subject", "nguyen-van-an")
                        .append("role", "UNIT_OFFICER")
                        .append("unitId", "PTP-001")
                        .append("submissionId", "sub-0001")
                        .append("idempotencyKey", "idem-0001")
                        .append("correlationId", "corr-0001")
                        .append("clientAddress", "10.0.0.7"))
                .append("payload", new Document("resultId", RESULT_ID)
                        .append("movementId", "PT-2018-01")
                        .append("taskNo", 1)
                        .append("unitId", "PTP-001")
                        .append("period", "2018-Q1")
                        .append("values", List.of(
                                new Document("code", "TT1").append("value", new Decimal128(new BigDecimal("87.25"))),
                                new Document("code", "TT2").append("value", new Decimal128(new BigDecimal("12"))),
                                new Document("code", "TT3").append("value", new Decimal128(new BigDecimal("0.10")))))
                        .append("evidence",
                                "Báo cáo số 15/BC-PTP ngày 02/04/2018 của Phòng Tư pháp huyện Yên Dũng; đạt 87,25% kế hoạch"));
    }

    Document stored(String id) {
        return log.find(Filters.eq("_id", id)).first();
    }

    List<Document> all() {
        return log.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    // ---- one document per event ----

    @Test
    void the_test_data_has_an_event_of_every_type_of_the_wire_contract() {
        List<Class<?>> types = everyType().stream().<Class<?>>map(e -> e.payload().getClass()).distinct().toList();

        assertThat(types).containsExactlyInAnyOrderElementsOf(EventTypes.ALL);
    }

    @Test
    void every_event_of_every_type_becomes_one_document_in_log_order() {
        List<DomainEvent> events = everyType();

        projection.apply(events);

        List<Document> stored = all();
        assertThat(stored).extracting(d -> d.getString("_id")).containsExactly(
                "0000000000000001001-0000", "0000000000000001002-0000", "0000000000000001003-0000",
                "0000000000000001010-0000", "0000000000000001011-0000", "0000000000000001011-0001",
                "0000000000000001042-0000", "0000000000000001043-0000", "0000000000000001044-0000",
                "0000000000000001045-0000", "0000000000000001100-0000", "0000000000000001101-0000", "0000000000000001200-0000");
        assertThat(stored).extracting(d -> d.getString("type")).containsExactly(
                "MovementRegistered", "KeyTaskDefined", "UnitEnrolled", "CommuneSupportAssigned",
                "SupportActivityRecorded", "CommuneCriterionAssessed", "TaskResultRecorded", "TaskResultReturned",
                "TaskResultCorrected", "TaskResultApproved", "CommuneSupportEnded", "MovementClosed", "StructureVersionImported");
        assertThat(stored).extracting(d -> d.getString("typeName"))
                .containsExactlyElementsOf(events.stream().map(e -> e.payload().getClass().getName()).toList());
        assertThat(stored).extracting(d -> d.getString("eventId"))
                .containsExactlyElementsOf(events.stream().map(DomainEvent::eventId).toList());
    }

    @Test
    void a_task_result_is_stored_with_its_exact_values_its_vietnamese_text_and_who_recorded_it() {
        projection.apply(List.of(resultRecorded()));

        Document stored = stored("0000000000000001042-0000");
        assertThat(stored).isEqualTo(expectedResultRecorded());
        Document first = stored.get("payload", Document.class).getList("values", Document.class).get(0);
        assertThat(first.get("value", Decimal128.class).bigDecimalValue()).isEqualTo(new BigDecimal("87.25"));
        assertThat(stored.get("payload", Document.class).getString("evidence")).contains("Phòng Tư pháp huyện Yên Dũng");
    }

    @Test
    void nested_records_dates_enums_and_decimals_of_the_payload_keep_their_values() {
        projection.apply(everyType());

        assertThat(stored("0000000000000001010-0000").get("payload", Document.class)).isEqualTo(
                new Document("movementId", "PT-NTM-2016").append("communeCode", "10351").append("unitId", "PTP-001")
                        .append("decision", new Document("number", "125/QĐ-STP").append("issuedOn", "2018-03-01"))
                        .append("supportFrom", "2018-03-05").append("shared", false));
        assertThat(stored("0000000000000001011-0000").get("payload", Document.class)).isEqualTo(
                new Document("movementId", "PT-NTM-2016").append("communeCode", "10351").append("unitId", "PTP-001")
                        .append("activityId", "HD-01").append("type", "LEGAL_DISSEMINATION")
                        .append("heldOn", "2018-03-16").append("participants", 120)
                        .append("description", "Tuyên truyền Luật Hòa giải ở cơ sở tại nhà văn hóa thôn Đông"));
        assertThat(stored("0000000000000001011-0001").get("payload", Document.class)).isEqualTo(
                new Document("movementId", "PT-NTM-2016").append("communeCode", "10351").append("year", 2018)
                        .append("scores", new Document("tc1", new Decimal128(new BigDecimal("14.5")))
                                .append("tc2", new Decimal128(new BigDecimal("28")))
                                .append("tc3", new Decimal128(new BigDecimal("22.75")))
                                .append("tc4", new Decimal128(new BigDecimal("9")))
                                .append("tc5", new Decimal128(new BigDecimal("18"))))
                        .append("total", new Decimal128(new BigDecimal("92.25")))
                        .append("noOfficialDisciplined", true).append("passed", true)
                        .append("ruleVersion", "619/2019-v1").append("assessedOn", "2018-03-16")
                        .append("note", "Đạt chuẩn"));
        Document registered = stored("0000000000000001001-0000").get("payload", Document.class);
        assertThat(registered.getString("title")).isEqualTo("Toàn ngành Tư pháp thi đua năm 2018");
        assertThat(registered.get("launchingPlan", Document.class).getString("issuer")).isEqualTo("Sở Tư pháp tỉnh Bắc Giang");
        assertThat(registered.getList("legalBasis", Document.class)).extracting(d -> d.getString("number"))
                .containsExactly("1198/QĐ-BTP");
        Document keyTask = stored("0000000000000001002-0000").get("payload", Document.class);
        assertThat(keyTask.getList("indicators", Document.class).get(0).get("target"))
                .isEqualTo(new Decimal128(new BigDecimal("1.5")));
    }

    @Test
    void the_metadata_holds_what_is_present_and_nothing_for_what_is_absent() {
        projection.apply(everyType());

        assertThat(stored("0000000000000001043-0000").get("metadata", Document.class)).isEqualTo(
                new Document("subject", "can-bo-thi-dua").append("role", "PROVINCE_ADMIN")
                        .append("submissionId", "sub-0002").append("clientAddress", "10.0.0.1"));
    }

    @Test
    void metadata_beyond_the_known_keys_is_kept_after_them() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("traceId", "trace-1");
        metadata.put("subject", "nguyen-van-an");
        metadata.put("agent", "ứng dụng di động");
        projection.apply(List.of(event(7, 0, "TaskResult", RESULT_ID, 0, AT, metadata, recorded())));

        assertThat(stored("0000000000000000007-0000").get("metadata", Document.class)).isEqualTo(
                new Document("subject", "nguyen-van-an").append("agent", "ứng dụng di động").append("traceId", "trace-1"));
    }

    @Test
    void the_id_sorts_as_the_log_does() {
        assertThat(LoggedEvents.id(9, 12)).isEqualTo("0000000000000000009-0012");
        // in log order, and so in string order
        assertThat(List.of(LoggedEvents.id(9, 0), LoggedEvents.id(9, 1), LoggedEvents.id(9, 10),
                LoggedEvents.id(10, 0), LoggedEvents.id(100, 0), LoggedEvents.id(Long.MAX_VALUE, 0)))
                .isSorted();
        // the same text as the format it stands for, at every width
        for (long position : new long[] {0, 7, 123_456, 9_999_999_999L, Long.MAX_VALUE}) {
            for (int index : new int[] {0, 5, 9_999, 12_345}) {
                assertThat(LoggedEvents.id(position, index)).isEqualTo("%019d-%04d".formatted(position, index));
            }
        }
    }

    // ---- the real wire ----

    @Test
    void an_event_read_from_its_envelope_is_stored_as_the_event_itself() throws IOException {
        DomainEvent read = new EventDecoder().decode(EventEnvelopes.encode(resultRecorded())).orElseThrow();

        projection.apply(List.of(read));

        assertThat(stored("0000000000000001042-0000")).isEqualTo(expectedResultRecorded());
    }

    // ---- idempotence ----

    @Test
    void an_event_applied_twice_is_stored_once() {
        projection.apply(List.of(resultRecorded()));
        projection.apply(List.of(resultRecorded()));

        assertThat(all()).containsExactly(expectedResultRecorded());
    }

    @Test
    void every_event_applied_again_leaves_the_same_documents() {
        projection.apply(everyType());
        List<Document> once = all();

        projection.apply(everyType());

        assertThat(all()).hasSize(everyType().size()).isEqualTo(once);
    }

    @Test
    void every_event_delivered_twice_in_one_batch_is_stored_once() {
        List<DomainEvent> doubled = everyType().stream().flatMap(e -> Stream.of(e, e)).toList();

        projection.apply(doubled);

        assertThat(log.countDocuments()).isEqualTo(everyType().size());
        assertThat(stored("0000000000000001042-0000")).isEqualTo(expectedResultRecorded());
    }

    @Test
    void overlapping_batches_give_the_same_documents() {
        List<DomainEvent> events = everyType();
        projection.apply(events);
        List<Document> expected = all();
        log.drop();

        projection.apply(events.subList(0, 7));
        projection.apply(events.subList(4, 10));
        projection.apply(events.subList(6, events.size()));

        assertThat(all()).isEqualTo(expected);
    }

    @Test
    void a_large_batch_is_written_whole() {
        List<DomainEvent> events = IntStream.range(0, 2_000).mapToObj(i -> event(50_000 + i, 0, "TaskResult",
                "R-" + i, 0, AT.plusSeconds(i), unitOfficer(), recorded())).toList();

        projection.apply(events);
        projection.apply(events);

        assertThat(log.countDocuments()).isEqualTo(2_000);
        assertThat(stored(LoggedEvents.id(51_999, 0)).getString("aggregateId")).isEqualTo("R-1999");
    }

    @Test
    void an_empty_batch_writes_nothing() {
        projection.apply(List.of());

        assertThat(log.countDocuments()).isZero();
    }
}
