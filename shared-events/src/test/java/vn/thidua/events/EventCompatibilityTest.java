package vn.thidua.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
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
import vn.thidua.events.structure.StructureEntry;
import vn.thidua.events.structure.StructureList;
import vn.thidua.events.structure.StructureVersionImported;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The wire contract of the events (STYLE §13). Each revision of each event is kept as a fixture,
 * {@code events/<SimpleName>-<revision>.json}, holding the payload exactly as the command side writes it
 * (Axon's {@code JacksonSerializer} on the object mapper of {@code EventStoreConfig}). The tests prove that
 * every fixture still reads into the current record, on the command side (strict) and on the query side
 * (the {@code EventDecoder}'s lenient mapper), and that the current record still writes the fixture of its
 * current revision: changing an event's shape without bumping {@code @Revision} (and adding an upcaster
 * and a new fixture) fails here.
 * <p>
 * When an event gets a revision 2, keep {@code <SimpleName>-1.json}, add {@code <SimpleName>-2.json}, and read
 * the older fixtures through the upcaster chain before comparing them with {@link #EXPECTED}.
 */
class EventCompatibilityTest {

    /** As {@code EventStoreConfig.eventSerializer()} builds it: what writes the event store and the topic. */
    static final Serializer COMMAND_SIDE = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
            .build();

    /** As {@code EventDecoder} reads payloads from the topic (through a tree): unknown fields ignored, decimals exact. */
    static final ObjectMapper QUERY_SIDE = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    static final ObjectMapper JSON = new ObjectMapper();

    /** The wire type names as published: changing one of these breaks every stored event. */
    static final List<String> WIRE_TYPE_NAMES = List.of(
            "vn.thidua.events.movement.MovementRegistered",
            "vn.thidua.events.movement.KeyTaskDefined",
            "vn.thidua.events.movement.UnitEnrolled",
            "vn.thidua.events.movement.MovementClosed",
            "vn.thidua.events.support.CommuneSupportAssigned",
            "vn.thidua.events.support.SupportActivityRecorded",
            "vn.thidua.events.support.CommuneCriterionAssessed",
            "vn.thidua.events.support.CommuneSupportEnded",
            "vn.thidua.events.result.TaskResultRecorded",
            "vn.thidua.events.result.TaskResultCorrected",
            "vn.thidua.events.result.TaskResultApproved",
            "vn.thidua.events.result.TaskResultReturned",
            "vn.thidua.events.structure.StructureVersionImported");

    // ---- named test data: the value each fixture holds ----

    static LegalDocument launchingPlan() {
        return new LegalDocument("02/KH-STP", DocumentKind.KH, "Sở Tư pháp tỉnh Bắc Giang", LocalDate.of(2018, 1, 9),
                "Kế hoạch phát động phong trào thi đua năm 2018");
    }

    static LegalDocument decisionOfTheMinistry() {
        return new LegalDocument("1198/QĐ-BTP", DocumentKind.QD, "Bộ Tư pháp", LocalDate.of(2017, 12, 22),
                "Quyết định ban hành Kế hoạch thi đua của ngành Tư pháp năm 2018");
    }

    static MovementRegistered movementRegistered() {
        return new MovementRegistered("TDTN-2018", "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL,
                LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31), launchingPlan(), List.of(decisionOfTheMinistry()));
    }

    /** Revision 2: the Ministry's sector-wide movement of 2026, which every province's units may join. */
    static MovementRegistered ministryMovementRegistered() {
        return new MovementRegistered("TDTN-2026", "Toàn ngành Tư pháp thi đua năm 2026", MovementKind.ANNUAL,
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
                new LegalDocument("01/KH-BTP", DocumentKind.KH, "Bộ Tư pháp", LocalDate.of(2026, 1, 5),
                        "Kế hoạch tổ chức phong trào thi đua năm 2026 (minh hoạ)"), List.of(), "BTP");
    }

    static StructureVersionImported structureVersionImported() {
        return new StructureVersionImported("structure", "24", StructureList.ADMIN_UNITS, LocalDate.of(2025, 7, 1),
                "NQ 1658/NQ-UBTVQH15", "9f2c4a1e0b7d3c5a8e6f1d2b4c6a8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d",
                List.of(new StructureEntry(2, "24", "Tỉnh Bắc Ninh", "tinh", null, List.of("24", "27"), true,
                                "NQ 202/2025/QH15: Bắc Giang và Bắc Ninh hợp nhất"),
                        new StructureEntry(3, "07210", "Phường Bắc Giang", "phuong", "24",
                                List.of("07201", "07207", "07210", "07213", "07225"), false, "mã chưa đối chiếu văn bản gốc")));
    }

    static KeyTaskDefined keyTaskDefined() {
        return new KeyTaskDefined("TDTN-2018", 3, "Nâng cao chất lượng hòa giải ở cơ sở", List.of(
                new Indicator("TT1", "Tỷ lệ vụ việc hòa giải thành", "%", new BigDecimal("85.5")),
                new Indicator("TT2", "Số cuộc tuyên truyền pháp luật", "cuộc", new BigDecimal("120"))));
    }

    static UnitEnrolled unitEnrolled() {
        return new UnitEnrolled("TDTN-2018", "PTP-213", LocalDate.of(2018, 2, 1), "Tập thể lao động xuất sắc",
                "Hoàn thành 100% chỉ tiêu hòa giải; không có văn bản trái pháp luật");
    }

    static MovementClosed movementClosed() {
        return new MovementClosed("TDTN-2018", LocalDate.of(2018, 12, 28), "Tổng kết phong trào thi đua năm 2018");
    }

    static final String SUPPORT_MOVEMENT = "NTM-2016-2020";
    static final String XUONG_GIANG = "07225";

    static CommuneSupportAssigned communeSupportAssigned() {
        return new CommuneSupportAssigned(SUPPORT_MOVEMENT, XUONG_GIANG, "PTP-213",
                new AssignmentDecision("125/QĐ-STP", LocalDate.of(2017, 3, 15)), LocalDate.of(2017, 4, 1), false);
    }

    static SupportActivityRecorded supportActivityRecorded() {
        return new SupportActivityRecorded(SUPPORT_MOVEMENT, XUONG_GIANG, "PTP-213", "a1f0c7e2-5b1d-4c52-9a57-3f7d1c2b9e10",
                SupportActivityType.MEDIATOR_TRAINING, LocalDate.of(2018, 5, 12), 42,
                "Tập huấn kỹ năng hòa giải cho tổ hòa giải các thôn");
    }

    static CommuneCriterionAssessed communeCriterionAssessed() {
        CriterionScores scores = new CriterionScores(new BigDecimal("14"), new BigDecimal("27.5"), new BigDecimal("22"),
                new BigDecimal("9"), new BigDecimal("18"));
        return new CommuneCriterionAssessed(SUPPORT_MOVEMENT, XUONG_GIANG, 2018, scores, new BigDecimal("90.5"), true, true,
                "QD619-2017/v1", LocalDate.of(2018, 12, 10), "Đạt chuẩn tiếp cận pháp luật năm 2018");
    }

    static CommuneSupportEnded communeSupportEnded() {
        return new CommuneSupportEnded(SUPPORT_MOVEMENT, XUONG_GIANG, "PTP-213", LocalDate.of(2019, 12, 31),
                "Xã đã đạt chuẩn nông thôn mới");
    }

    static final String RESULT = "TDTN-2018~3~PTP-213~2018-Q2";

    static TaskResultRecorded taskResultRecorded() {
        return new TaskResultRecorded(RESULT, "TDTN-2018", 3, "PTP-213", "2018-Q2",
                List.of(new IndicatorValue("TT1", new BigDecimal("87.25")), new IndicatorValue("TT2", new BigDecimal("31"))),
                "Báo cáo số 45/BC-PTP ngày 30/6/2018");
    }

    static TaskResultCorrected taskResultCorrected() {
        return new TaskResultCorrected(RESULT, "TDTN-2018", 3, "PTP-213", "2018-Q2",
                List.of(new IndicatorValue("TT1", new BigDecimal("88.00")), new IndicatorValue("TT2", new BigDecimal("31"))),
                "Báo cáo số 45/BC-PTP ngày 30/6/2018 (bổ sung)", "Bổ sung 2 vụ việc hòa giải thành cuối tháng 6");
    }

    static TaskResultApproved taskResultApproved() {
        return new TaskResultApproved(RESULT, "TDTN-2018", 3, "PTP-213", "2018-Q2", "Số liệu khớp báo cáo");
    }

    static TaskResultReturned taskResultReturned() {
        return new TaskResultReturned(RESULT, "TDTN-2018", 3, "PTP-213", "2018-Q2", "Thiếu tài liệu kiểm chứng chỉ tiêu TT2");
    }

    /** Fixture name → the value it holds. A new event, or a new revision, adds its line here and its file. */
    static final Map<String, Object> EXPECTED = Map.ofEntries(
            Map.entry("MovementRegistered-1", movementRegistered()),
            Map.entry("MovementRegistered-2", ministryMovementRegistered()),
            Map.entry("StructureVersionImported-1", structureVersionImported()),
            Map.entry("KeyTaskDefined-1", keyTaskDefined()),
            Map.entry("UnitEnrolled-1", unitEnrolled()),
            Map.entry("MovementClosed-1", movementClosed()),
            Map.entry("CommuneSupportAssigned-1", communeSupportAssigned()),
            Map.entry("SupportActivityRecorded-1", supportActivityRecorded()),
            Map.entry("CommuneCriterionAssessed-1", communeCriterionAssessed()),
            Map.entry("CommuneSupportEnded-1", communeSupportEnded()),
            Map.entry("TaskResultRecorded-1", taskResultRecorded()),
            Map.entry("TaskResultCorrected-1", taskResultCorrected()),
            Map.entry("TaskResultApproved-1", taskResultApproved()),
            Map.entry("TaskResultReturned-1", taskResultReturned()));

    // ---- every fixture still reads ----

    /** Every fixture file present: an old revision's file is never deleted. */
    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(fixtureDirectory())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void every_fixture_still_reads_on_the_command_side(String fixture) {
        Object payload = COMMAND_SIDE.deserialize(new SimpleSerializedObject<>(
                fixtureText(fixture), String.class, typeName(fixture), revision(fixture)));
        assertThat(payload).isEqualTo(expected(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void every_fixture_still_reads_on_the_query_side(String fixture) throws IOException {
        Class<?> type = EventTypes.byName(typeName(fixture)).orElseThrow(
                () -> new AssertionError("The query side does not know " + typeName(fixture)));
        assertThat(QUERY_SIDE.treeToValue(QUERY_SIDE.readTree(fixtureText(fixture)), type)).isEqualTo(expected(fixture));
    }

    @Test
    void a_movement_registered_before_provinces_were_tenants_reads_as_one_of_province_24() throws IOException {
        assertThat(((MovementRegistered) COMMAND_SIDE.deserialize(new SimpleSerializedObject<>(fixtureText("MovementRegistered-1"),
                String.class, MovementRegistered.class.getName(), "1"))).provinceCode()).isEqualTo("24");
        assertThat(QUERY_SIDE.treeToValue(QUERY_SIDE.readTree(fixtureText("MovementRegistered-1")), MovementRegistered.class)
                .provinceCode()).isEqualTo("24");
        assertThat(fixtureText("MovementRegistered-1")).doesNotContain("provinceCode");
    }

    // ---- the current records still write their current revision ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void each_event_writes_the_fixture_of_its_current_revision(Class<?> type) throws IOException {
        String fixture = type.getSimpleName() + "-" + revisionOf(type);
        SerializedObject<String> written = COMMAND_SIDE.serialize(expected(fixture), String.class);
        assertThat(written.getType().getName()).isEqualTo(type.getName());
        assertThat(written.getType().getRevision()).isEqualTo(revisionOf(type));
        assertThat(JSON.readTree(written.getData()))
                .as("%s writes a shape other than its fixture: bump @Revision, add an upcaster and a fixture", fixture)
                .isEqualTo(JSON.readTree(fixtureText(fixture)));
    }

    // ---- every event is covered ----

    static List<Class<?>> eventTypes() {
        return EventTypes.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void every_event_type_has_a_revision_and_a_fixture_of_it(Class<?> type) {
        assertThat(type.getAnnotation(Revision.class)).as("@Revision on %s", type.getName()).isNotNull();
        String fixture = type.getSimpleName() + "-" + revisionOf(type);
        assertThat(EventCompatibilityTest.class.getResource(fixturePath(fixture)))
                .as("fixture %s.json", fixture).isNotNull();
        assertThat(EXPECTED).as("expected value of %s", fixture).containsKey(fixture);
    }

    @Test
    void every_revisioned_record_of_shared_events_is_listed_in_the_event_types() throws Exception {
        Path classes = Path.of(EventTypes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> revisioned;
        try (Stream<Path> files = Files.walk(classes)) {
            revisioned = files.map(f -> classes.relativize(f).toString())
                    .filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace(File.separatorChar, '.'))
                    .map(EventCompatibilityTest::load)
                    .filter(c -> c.isAnnotationPresent(Revision.class))
                    .map(Class::getName)
                    .collect(Collectors.toSet());
        }
        assertThat(revisioned).as("@Revision classes under %s", classes).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(EventTypes.ALL.stream().map(Class::getName).toList());
    }

    @Test
    void the_wire_type_names_are_the_class_names() {
        assertThat(EventTypes.ALL).extracting(Class::getName).containsExactlyElementsOf(WIRE_TYPE_NAMES);
        for (String name : WIRE_TYPE_NAMES) {
            assertThat(EventTypes.byName(name)).hasValueSatisfying(c -> assertThat(c.getName()).isEqualTo(name));
        }
        assertThat(EventTypes.byName("MovementRegistered")).as("a simple name is not a wire type").isEmpty();
        assertThat(EventTypes.byName("vn.thidua.events.movement.MovementArchived")).isEmpty();
    }

    // ---- fixture plumbing ----

    static Path fixtureDirectory() {
        URL directory = EventCompatibilityTest.class.getResource("/events");
        if (directory == null) {
            fail("No fixture directory events/ on the test classpath");
        }
        try {
            return Path.of(directory.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fixturePath(String fixture) {
        return "/events/" + fixture + ".json";
    }

    static String fixtureText(String fixture) {
        try (InputStream in = EventCompatibilityTest.class.getResourceAsStream(fixturePath(fixture))) {
            if (in == null) {
                throw new AssertionError("No fixture " + fixturePath(fixture));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object expected(String fixture) {
        Object value = EXPECTED.get(fixture);
        if (value == null) {
            fail("Fixture %s has no expected value in EXPECTED", fixture);
        }
        return value;
    }

    /** {@code KeyTaskDefined-1} → {@code vn.thidua.events.movement.KeyTaskDefined}, by the expected value's class. */
    static String typeName(String fixture) {
        return expected(fixture).getClass().getName();
    }

    static String revision(String fixture) {
        return fixture.substring(fixture.lastIndexOf('-') + 1);
    }

    static Class<?> load(String className) {
        try {
            return Class.forName(className, false, EventCompatibilityTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    static String revisionOf(Class<?> type) {
        Revision revision = type.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }
}
