package vn.thidua.query.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementKind;
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
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.generation.LiveProjections;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.query.audit.AuditLogProjection;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.support.TestTokens;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.security.Role;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report API's contract, recorded: every board and catalogue endpoint, with filter combinations, every
 * representation (JSON, CSV, XLSX) and the refusals of bad input, answers exactly what the golden files under
 * {@code src/test/resources/contract/} hold — status, the headers a client reads, and the body byte for byte (an XLSX
 * as its cells: the zip itself carries times). The API description's parameters and problems of these operations are
 * recorded too. The data is written through the real projections with positions, instants and event ids fixed here,
 * so nothing in an answer varies between runs.
 * <p>
 * Record the files again (after a change of the contract that is meant) with {@code -Dcontract.record=true}; the
 * answers of a failing run are written to {@code target/contract-actual/} for a diff.
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", "spring.profiles.active=" + TestTokens.PROFILE})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiContractTest {

    static final String DB = Infrastructure.uniqueName("report_contract");
    static final Path GOLDEN = Path.of("src", "test", "resources", "contract");
    static final Path ACTUAL = Path.of("target", "contract-actual");
    static final boolean RECORD = Boolean.getBoolean("contract.record");

    static final String TD = "TD-2018";
    static final String NTM = "NTM-2016-2020";
    static final String HOA_GIAI = "PT-HG-2018";
    static final String NO_PLEDGES = "TD-TEN";
    static final String JSON = "application/json";
    static final String CSV = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Where the fixed instants of the events start; event n is n minutes later. */
    static final Instant T0 = Instant.parse("2018-01-09T01:00:00Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", Infrastructure::mongoUri);
        registry.add("thidua.mongodb.database", () -> DB);
        registry.add("thidua.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
        registry.add("thidua.stream.topic", () -> DB);
        registry.add("thidua.stream.group", () -> DB);
        TestTokens.register(registry);
    }

    @LocalServerPort
    int port;
    final Map<String, Projection> projections = new HashMap<>();
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The number of the last event stamped: its position and its instant. */
    long stamped;
    /** Instants between two parts of the history, for the boards as of an instant. */
    Instant resultsHalfway;
    Instant supportHalfway;

    @Autowired
    void projections(LiveProjections live) {
        for (String name : List.of(MovementCatalogueProjection.NAME, SupportBoardProjection.NAME, TaskResultsProjection.NAME,
                AuditLogProjection.NAME)) {
            projections.put(name, live.named(name));
        }
    }

    // ---- the data ----

    /** The events with positions, instants and ids fixed by their order here (the shared helpers count per JVM). */
    List<DomainEvent> stamp(List<DomainEvent> events) {
        List<DomainEvent> out = new ArrayList<>();
        for (DomainEvent e : events) {
            long n = ++stamped;
            out.add(new DomainEvent(10_000 + n, 0, UUID.nameUUIDFromBytes(("contract-" + n).getBytes(StandardCharsets.UTF_8)).toString(),
                    e.aggregateType(), e.aggregateId(), e.sequence(), e.revision(), T0.plusSeconds(60 * n), e.metadata(), e.payload()));
        }
        return out;
    }

    /** Into the projection and the audit log (what a board as of an instant folds). */
    void apply(String projection, List<DomainEvent> events) {
        List<DomainEvent> stamped = stamp(events);
        projections.get(projection).apply(stamped);
        projections.get(AuditLogProjection.NAME).apply(stamped);
    }

    Instant between() {
        return T0.plusSeconds(60 * stamped + 30);
    }

    static List<IndicatorValue> values(String... codeValue) {
        List<IndicatorValue> values = new ArrayList<>();
        for (int i = 0; i < codeValue.length; i += 2) {
            values.add(new IndicatorValue(codeValue[i], new BigDecimal(codeValue[i + 1])));
        }
        return values;
    }

    static CriterionScores scores(String tc1, String tc2, String tc3, String tc4, String tc5) {
        return new CriterionScores(new BigDecimal(tc1), new BigDecimal(tc2), new BigDecimal(tc3), new BigDecimal(tc4),
                new BigDecimal(tc5));
    }

    @BeforeAll
    void history() {
        // the catalogue: an annual movement with 8 key tasks and a 9th whose only indicator has target 0, 5 units (one
        // not in the reference lists); a multi-year one; a closed thematic one; one whose units pledged nothing
        MovementHistory td = MovementHistory.of(TD).then(MovementHistory.registered(TD, "Toàn ngành Tư pháp thi đua năm 2018",
                MovementKind.ANNUAL));
        MovementHistory.KEY_TASK_ORDER.forEach(no -> td.then(MovementHistory.keyTask(TD, no)));
        td.then(new KeyTaskDefined(TD, 9, "Báo cáo sơ kết", List.of(new Indicator("TT0", "Có báo cáo", "báo cáo", BigDecimal.ZERO))));
        for (int unit : new int[]{213, 215, 216, 217, 999}) {
            td.then(MovementHistory.enrolled(TD, unit));
        }
        apply(MovementCatalogueProjection.NAME, td.events());
        apply(MovementCatalogueProjection.NAME, MovementHistory.of(NTM)
                .then(MovementHistory.registered(NTM, "Ngành Tư pháp chung sức xây dựng nông thôn mới", MovementKind.MULTI_YEAR))
                .events());
        apply(MovementCatalogueProjection.NAME, MovementHistory.of(HOA_GIAI)
                .then(MovementHistory.registered(HOA_GIAI, "Thi đua chuyên đề hòa giải ở cơ sở", MovementKind.THEMATIC))
                .then(MovementHistory.keyTask(HOA_GIAI, 1))
                .then(MovementHistory.enrolled(HOA_GIAI, 215))
                .then(MovementHistory.closed(HOA_GIAI)).events());
        apply(MovementCatalogueProjection.NAME, MovementHistory.of(NO_PLEDGES)
                .then(MovementHistory.registered(NO_PLEDGES, "Thi đua", MovementKind.ANNUAL))
                .then(new UnitEnrolled(NO_PLEDGES, "PTP-213", LocalDate.of(2018, 2, 1), null, null))
                .then(new UnitEnrolled(NO_PLEDGES, "PTP-215", LocalDate.of(2018, 2, 1), null, null))
                .events());

        // the key-task board of 2018-Q1: approved, submitted, returned, corrected; values over the target, a target 0
        String q1 = "2018-Q1";
        apply(TaskResultsProjection.NAME, result(1, "PTP-213", q1)
                .then(new TaskResultRecorded(id(1, "PTP-213", q1), TD, 1, "PTP-213", q1, values("TT1", "1.5", "TT2", "10"), "Báo cáo quý I"))
                .then(new TaskResultApproved(id(1, "PTP-213", q1), TD, 1, "PTP-213", q1, "Đạt")).events());
        apply(TaskResultsProjection.NAME, result(1, "PTP-215", q1)
                .then(new TaskResultRecorded(id(1, "PTP-215", q1), TD, 1, "PTP-215", q1, values("TT1", "0.75"), null)).events());
        resultsHalfway = between();
        apply(TaskResultsProjection.NAME, result(2, "PTP-215", q1)
                .then(new TaskResultRecorded(id(2, "PTP-215", q1), TD, 2, "PTP-215", q1, values("TT1", "2.5", "TT2", "20"), "Báo cáo"))
                .then(new TaskResultReturned(id(2, "PTP-215", q1), TD, 2, "PTP-215", q1, "Thiếu minh chứng")).events());
        apply(TaskResultsProjection.NAME, result(5, "PTP-213", q1)
                .then(new TaskResultRecorded(id(5, "PTP-213", q1), TD, 5, "PTP-213", q1, values("TT1", "2.75", "TT2", "60"), "Báo cáo"))
                .then(new TaskResultReturned(id(5, "PTP-213", q1), TD, 5, "PTP-213", q1, "Số liệu chưa khớp"))
                .then(new TaskResultCorrected(id(5, "PTP-213", q1), TD, 5, "PTP-213", q1, values("TT1", "5.50", "TT2", "60"),
                        "Bổ sung", "Sửa số liệu")).events());
        apply(TaskResultsProjection.NAME, result(9, "PTP-213", q1)
                .then(new TaskResultRecorded(id(9, "PTP-213", q1), TD, 9, "PTP-213", q1, values("TT0", "1"), null))
                .then(new TaskResultApproved(id(9, "PTP-213", q1), TD, 9, "PTP-213", q1, null)).events());
        apply(TaskResultsProjection.NAME, result(3, "PTP-216", q1)
                .then(new TaskResultRecorded(id(3, "PTP-216", q1), TD, 3, "PTP-216", q1, values("TT1", "3.5", "TT2", "0"), null))
                .then(new TaskResultCorrected(id(3, "PTP-216", q1), TD, 3, "PTP-216", q1, values("TT1", "1.75", "TT2", "15"), null, "Sửa"))
                .then(new TaskResultApproved(id(3, "PTP-216", q1), TD, 3, "PTP-216", q1, "Đạt")).events());
        apply(TaskResultsProjection.NAME, result(1, "PTP-215", "2018-Q2")
                .then(new TaskResultRecorded(id(1, "PTP-215", "2018-Q2"), TD, 1, "PTP-215", "2018-Q2", values("TT1", "1.5", "TT2", "10"), null))
                .then(new TaskResultApproved(id(1, "PTP-215", "2018-Q2"), TD, 1, "PTP-215", "2018-Q2", null)).events());

        // the support board: supported with activities and assessments of two years; a support ended and another
        // unit's shared support; assessed without support; a commune of a third district
        apply(SupportBoardProjection.NAME, commune("07225")
                .then(new CommuneSupportAssigned(NTM, "07225", "PTP-213", new AssignmentDecision("125/QĐ-STP", LocalDate.of(2017, 3, 15)),
                        LocalDate.of(2017, 4, 1), false))
                .then(new SupportActivityRecorded(NTM, "07225", "PTP-213", "a1", SupportActivityType.MEDIATOR_TRAINING,
                        LocalDate.of(2018, 5, 12), 42, "Tập huấn hòa giải viên"))
                .then(new SupportActivityRecorded(NTM, "07225", "PTP-213", "a2", SupportActivityType.LEGAL_DISSEMINATION,
                        LocalDate.of(2018, 3, 1), 30, "Tuyên truyền, phổ biến pháp luật"))
                .then(new CommuneCriterionAssessed(NTM, "07225", 2017, scores("10", "20.5", "18", "7", "15"), new BigDecimal("70.5"),
                        true, false, "QD619-2017/v1", LocalDate.of(2017, 12, 12), null))
                .then(new CommuneCriterionAssessed(NTM, "07225", 2018, scores("14", "27.5", "22", "9", "18"), new BigDecimal("90.5"),
                        true, true, "QD619-2017/v1", LocalDate.of(2018, 12, 10), "Đạt chuẩn"))
                .events());
        apply(SupportBoardProjection.NAME, commune("07234")
                .then(new CommuneSupportAssigned(NTM, "07234", "PTP-215", new AssignmentDecision("126/QĐ-STP", LocalDate.of(2017, 3, 15)),
                        LocalDate.of(2017, 5, 1), false))
                .then(new SupportActivityRecorded(NTM, "07234", "PTP-215", "b1", SupportActivityType.LEGAL_BOOKCASE,
                        LocalDate.of(2017, 9, 9), 12, "Tủ sách pháp luật"))
                .events());
        supportHalfway = between();
        apply(SupportBoardProjection.NAME, commune("07234")
                .then(new CommuneSupportEnded(NTM, "07234", "PTP-215", LocalDate.of(2018, 6, 30), "Chuyển giao"))
                .then(new CommuneSupportAssigned(NTM, "07234", "STP-PBGDPL", new AssignmentDecision("9/QĐ-STP", LocalDate.of(2018, 6, 20)),
                        LocalDate.of(2018, 7, 1), true))
                .then(new SupportActivityRecorded(NTM, "07234", "STP-PBGDPL", "b2", SupportActivityType.OTHER,
                        LocalDate.of(2018, 8, 2), 25, "Hội nghị"))
                .then(new SupportActivityRecorded(NTM, "07234", "STP-PBGDPL", "b3", SupportActivityType.OTHER,
                        LocalDate.of(2018, 7, 15), 18, "Hội nghị"))
                .events().subList(2, 6)); // the stream goes on where it stopped
        apply(SupportBoardProjection.NAME, commune("07201")
                .then(new CommuneCriterionAssessed(NTM, "07201", 2018, scores("9", "16", "12.25", "5", "10"), new BigDecimal("52.25"),
                        false, false, "QD619-2017/v1", LocalDate.of(2018, 12, 11), null))
                .events());
        apply(SupportBoardProjection.NAME, commune("07300")
                .then(new CommuneSupportAssigned(NTM, "07300", "PTP-216", new AssignmentDecision("127/QĐ-STP", LocalDate.of(2017, 3, 15)),
                        LocalDate.of(2017, 4, 1), false))
                .then(new CommuneCriterionAssessed(NTM, "07300", 2018, scores("15", "30", "25", "10", "20"), new BigDecimal("100"),
                        true, true, "QD619-2017/v1", LocalDate.of(2018, 12, 10), null))
                .events());
    }

    static String id(int task, String unit, String period) {
        return TD + "~" + task + "~" + unit + "~" + period;
    }

    static AggregateStream result(int task, String unit, String period) {
        return AggregateStream.of("TaskResult", id(task, unit, period));
    }

    /** A commune's stream; events before the last batch are generated again and cut off by the caller. */
    final Map<String, AggregateStream> communes = new HashMap<>();

    AggregateStream commune(String code) {
        return communes.computeIfAbsent(code, c -> AggregateStream.of("CommuneSupport", NTM + "~" + c));
    }

    // ---- the exchanges ----

    /** One request: what it asks, in which representation, as whom. */
    record Exchange(String name, String pathAndQuery, String accept, Role role, String unit) {

        static Exchange of(String name, String pathAndQuery, String accept) {
            return new Exchange(name, pathAndQuery, accept, Role.PROVINCE_ADMIN, null);
        }

        Exchange as(Role role, String unit) {
            return new Exchange(name, pathAndQuery, accept, role, unit);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    List<Exchange> exchanges() {
        String keyTasks = "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1";
        String communes = "/api/v1/reports/communes?movementId=" + NTM;
        String movements = "/api/v1/reports/movements";
        List<Exchange> all = new ArrayList<>(List.of(
                // the key-task board
                Exchange.of("key-tasks", keyTasks, JSON),
                Exchange.of("key-tasks-reported", keyTasks + "&counted=REPORTED", JSON),
                Exchange.of("key-tasks-counted-empty", keyTasks + "&counted=", JSON),
                Exchange.of("key-tasks-district", keyTasks + "&district=213", JSON),
                Exchange.of("key-tasks-unit-outside-reference", keyTasks + "&unitId=PTP-999", JSON),
                Exchange.of("key-tasks-status", keyTasks + "&status=RETURNED&counted=REPORTED", JSON),
                Exchange.of("key-tasks-q", keyTasks + "&q=" + enc("YÊN THẾ"), JSON),
                Exchange.of("key-tasks-page", keyTasks + "&page=1&size=2", JSON),
                Exchange.of("key-tasks-page-beyond", keyTasks + "&page=9&size=200", JSON),
                Exchange.of("key-tasks-q2", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q2", JSON),
                Exchange.of("key-tasks-year", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018", JSON),
                Exchange.of("key-tasks-no-tasks", "/api/v1/reports/key-tasks?movementId=" + NO_PLEDGES + "&period=2018-Q1", JSON),
                Exchange.of("key-tasks-as-of", keyTasks + "&counted=REPORTED&asOf=" + resultsHalfway, JSON),
                Exchange.of("key-tasks-any-type", keyTasks, "*/*"),
                Exchange.of("key-tasks-reporter", keyTasks, JSON).as(Role.UNIT_REPORTER, "PTP-213"),
                Exchange.of("key-tasks-reporter-own-unit", keyTasks + "&unitId=PTP-215", JSON).as(Role.UNIT_REPORTER, "PTP-215"),
                Exchange.of("key-tasks-csv", keyTasks, CSV),
                Exchange.of("key-tasks-csv-filtered", keyTasks + "&counted=REPORTED&district=215&status=SUBMITTED&q=yen&size=999",
                        CSV),
                Exchange.of("key-tasks-csv-as-of", keyTasks + "&asOf=" + resultsHalfway, CSV),
                Exchange.of("key-tasks-csv-reporter", keyTasks, CSV).as(Role.UNIT_REPORTER, "PTP-216"),
                Exchange.of("key-tasks-xlsx", keyTasks, XLSX),
                Exchange.of("key-tasks-xlsx-filtered", keyTasks + "&counted=REPORTED&unitId=PTP-213&page=abc", XLSX),
                // the support board
                Exchange.of("communes", communes + "&size=20", JSON),
                Exchange.of("communes-default-page", communes, JSON),
                Exchange.of("communes-district", communes + "&district=213", JSON),
                Exchange.of("communes-unit", communes + "&unitId=PTP-215", JSON),
                Exchange.of("communes-q", communes + "&q=" + enc("xuong giang"), JSON),
                Exchange.of("communes-passed", communes + "&year=2018&status=PASSED", JSON),
                Exchange.of("communes-failed-page", communes + "&year=2018&status=FAILED&page=0&size=1", JSON),
                Exchange.of("communes-supported", communes + "&status=SUPPORTED&size=2&page=1", JSON),
                Exchange.of("communes-unsupported", communes + "&status=UNSUPPORTED&page=3&size=10", JSON),
                Exchange.of("communes-not-assessed", communes + "&status=NOT_ASSESSED&district=213&size=5", JSON),
                Exchange.of("communes-year-only", communes + "&year=2017&district=213&size=3", JSON),
                Exchange.of("communes-last-page", communes + "&page=11&size=20", JSON),
                Exchange.of("communes-as-of", communes + "&district=215&asOf=" + supportHalfway, JSON),
                Exchange.of("communes-reporter", communes, JSON).as(Role.UNIT_REPORTER, "PTP-215"),
                Exchange.of("communes-csv", communes, CSV),
                Exchange.of("communes-csv-filtered", communes + "&district=215&unitId=STP-PBGDPL&q=" + enc("cầu gồ")
                        + "&year=2018&status=SUPPORTED&size=999", CSV),
                Exchange.of("communes-csv-years", communes + "&district=213", CSV),
                Exchange.of("communes-csv-as-of", communes + "&unitId=PTP-215&asOf=" + supportHalfway, CSV),
                Exchange.of("communes-xlsx", communes + "&district=213", XLSX),
                Exchange.of("communes-xlsx-all", communes, XLSX),
                // the catalogue
                Exchange.of("movements", movements, JSON),
                Exchange.of("movements-kind", movements + "?kind=ANNUAL", JSON),
                Exchange.of("movements-closed", movements + "?status=CLOSED", JSON),
                Exchange.of("movements-q", movements + "?q=" + enc("NÔNG THÔN"), JSON),
                Exchange.of("movements-page", movements + "?page=1&size=2", JSON),
                Exchange.of("movement", movements + "/" + TD, JSON),
                Exchange.of("movement-closed", movements + "/" + HOA_GIAI, JSON),
                Exchange.of("movement-no-pledges", movements + "/" + NO_PLEDGES, JSON),
                // refusals
                Exchange.of("refused-key-tasks-without-movement", "/api/v1/reports/key-tasks?period=2018", JSON),
                Exchange.of("refused-key-tasks-without-period", "/api/v1/reports/key-tasks?movementId=" + TD, JSON),
                Exchange.of("refused-key-tasks-without-both", "/api/v1/reports/key-tasks?district=21", JSON),
                Exchange.of("refused-key-tasks-period", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=Q1-2018", JSON),
                Exchange.of("refused-key-tasks-several", "/api/v1/reports/key-tasks?movementId=td-2018&period=2018-Q9&district=21"
                        + "&status=MAYBE&counted=ALL&size=0&page=-1&q=" + "x".repeat(101), JSON),
                Exchange.of("refused-key-tasks-district-empty", keyTasks + "&district=", JSON),
                Exchange.of("refused-key-tasks-page-type", keyTasks + "&page=abc&size=abc", JSON),
                Exchange.of("refused-key-tasks-as-of-range", keyTasks + "&asOf=%2B999999999-12-31T23:59:59Z", JSON),
                Exchange.of("refused-key-tasks-as-of-type", keyTasks + "&asOf=yesterday", JSON),
                Exchange.of("refused-key-tasks-unknown", "/api/v1/reports/key-tasks?movementId=KHONG-CO&period=2018", JSON),
                Exchange.of("refused-key-tasks-other-unit", keyTasks + "&unitId=PTP-215", JSON).as(Role.UNIT_REPORTER, "PTP-213"),
                Exchange.of("refused-key-tasks-csv", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q5", CSV),
                Exchange.of("refused-key-tasks-xlsx-without-movement", "/api/v1/reports/key-tasks?period=2018", XLSX),
                Exchange.of("refused-communes-without-movement", "/api/v1/reports/communes", JSON),
                Exchange.of("refused-communes-several", communes + "&district=21&size=201&year=1999&status=MAYBE&unitId=x", JSON),
                Exchange.of("refused-communes-year-type", communes + "&year=abc&page=abc", JSON),
                Exchange.of("refused-communes-page-type", communes + "&page=abc", JSON),
                Exchange.of("refused-communes-as-of-range", communes + "&asOf=1969-12-31T23:59:59Z", JSON),
                Exchange.of("refused-communes-unknown", "/api/v1/reports/communes?movementId=KHONG-CO", JSON),
                Exchange.of("refused-communes-other-unit", communes + "&unitId=PTP-213", JSON).as(Role.UNIT_REPORTER, "PTP-215"),
                Exchange.of("refused-communes-csv-year", communes + "&year=2200", CSV),
                Exchange.of("refused-communes-xlsx-year-type", communes + "&year=abc", XLSX),
                Exchange.of("refused-movements-several", movements + "?kind=YEARLY&status=SHUT&size=201&page=-1", JSON),
                Exchange.of("refused-movements-page-type", movements + "?page=abc", JSON),
                Exchange.of("refused-movement-unknown", movements + "/KHONG-CO", JSON),
                Exchange.of("refused-movement-too-long", movements + "/" + "A".repeat(41), JSON),
                Exchange.of("refused-key-tasks-without-movement-page-type", "/api/v1/reports/key-tasks?period=2018&page=abc", JSON),
                Exchange.of("refused-communes-without-movement-year-type", "/api/v1/reports/communes?year=abc", JSON),
                Exchange.of("refused-key-tasks-district-twice", keyTasks + "&district=213&district=215", JSON),
                Exchange.of("refused-communes-movement-twice", communes + "&movementId=TD-2018", CSV),
                // what names no parameter is ignored
                Exchange.of("ignored-operator-movements", movements + "?" + enc("kind[$ne]") + "=ANNUAL", JSON),
                Exchange.of("ignored-operator-key-tasks", keyTasks + "&" + enc("unitId[$ne]") + "=PTP-213", JSON),
                Exchange.of("ignored-operator-communes", communes + "&size=3&" + enc("unitId[$ne]") + "=PTP-213", JSON),
                Exchange.of("ignored-operator-communes-csv", communes + "&district=215&" + enc("unitId[$ne]") + "=PTP-213", CSV),
                Exchange.of("ignored-unknown-parameters", keyTasks + "&foo=bar&" + enc("cells[0].status") + "=X&rank=1", JSON)));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> every_report_answers_as_recorded() {
        return exchanges().stream().map(x -> DynamicTest.dynamicTest(x.name(), () -> matches(x.name() + ".txt", masked(render(x)))));
    }

    /** The parameters (names, constraints, defaults) and problems of the report operations in the API description. */
    @Test
    void the_description_of_the_report_operations_is_as_recorded() throws Exception {
        JsonNode doc = json.readTree(send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build()).body());
        ObjectNode out = json.createObjectNode();
        for (String path : List.of("/api/v1/reports/key-tasks", "/api/v1/reports/communes", "/api/v1/reports/movements",
                "/api/v1/reports/movements/{movementId}")) {
            JsonNode operation = doc.path("paths").path(path).path("get");
            ObjectNode o = out.putObject("GET " + path);
            for (String field : List.of("tags", "summary", "description", "operationId", "parameters")) {
                if (operation.has(field)) {
                    o.set(field, operation.get(field));
                }
            }
            ObjectNode responses = o.putObject("responses");
            operation.path("responses").fields().forEachRemaining(r -> {
                if (r.getKey().startsWith("2")) {
                    // the success's media types; the schema of the JSON body is the board's, not recorded here
                    ObjectNode success = responses.putObject(r.getKey());
                    success.set("description", r.getValue().path("description"));
                    var types = success.putArray("content");
                    r.getValue().path("content").fieldNames().forEachRemaining(types::add);
                } else {
                    responses.set(r.getKey(), r.getValue());
                }
            });
        }
        matches("openapi-report-operations.json", json.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    }

    // ---- rendering and comparing ----

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The exchange as text: the request, the status, the headers a client reads, the body (an XLSX as its cells). */
    String render(Exchange x) throws Exception {
        String token = TestTokens.token(x.role(), x.unit());
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(x.pathAndQuery())).header("Accept", x.accept())
                .header("Authorization", TestTokens.bearer(token)).GET().build());
        StringBuilder out = new StringBuilder();
        out.append("GET ").append(x.pathAndQuery()).append('\n');
        out.append("Accept: ").append(x.accept()).append('\n');
        out.append("As: ").append(x.role()).append(x.unit() == null ? "" : " " + x.unit()).append("\n\n");
        out.append(r.statusCode()).append('\n');
        for (String header : List.of("Content-Type", "Content-Disposition", "X-Data-Current-To")) {
            out.append(header).append(": ").append(r.headers().allValues(header)).append('\n');
        }
        out.append('\n');
        String type = r.headers().firstValue("Content-Type").orElse("");
        out.append(type.startsWith(XLSX) ? cells(r.body()) : new String(r.body(), StandardCharsets.UTF_8));
        return out.append('\n').toString();
    }

    /** Every cell of every sheet: its place, type, whether bold, and value as POI reads it. */
    static String cells(byte[] xlsx) throws IOException {
        StringBuilder out = new StringBuilder();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Sheet sheet : book) {
                out.append("sheet ").append(sheet.getSheetName()).append(" rows ").append(sheet.getLastRowNum() + 1).append('\n');
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        out.append(new CellReference(cell).formatAsString()).append(' ').append(cell.getCellType());
                        if (book.getFontAt(cell.getCellStyle().getFontIndex()).getBold()) {
                            out.append(" bold");
                        }
                        out.append(' ').append(switch (cell.getCellType()) {
                            case NUMERIC -> String.valueOf(cell.getNumericCellValue());
                            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
                            case STRING -> cell.getStringCellValue();
                            default -> "?";
                        }).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** A member of a problem's {@code errors}: what is wrong with one field. */
    static final Pattern ERROR_ENTRY = Pattern.compile(
            "\\{\"message\":(\"(?:[^\"\\\\]|\\\\.)*\"),\"field\":(\"(?:[^\"\\\\]|\\\\.)*\")\\}");

    /**
     * What varies between runs of the same code, made the same: the order of the two members of an entry of a problem's
     * {@code errors}, which came from an immutable map (its iteration order is chosen per JVM), as field then message.
     */
    static String masked(String text) {
        return ERROR_ENTRY.matcher(text).replaceAll("{\"field\":$2,\"message\":$1}");
    }

    static void matches(String file, String actual) throws IOException {
        Path golden = GOLDEN.resolve(file);
        if (RECORD) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("%s is recorded (run with -Dcontract.record=true)", golden).exists();
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
            Files.createDirectories(ACTUAL);
            Files.writeString(ACTUAL.resolve(file), actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("%s (this run's answer: %s)", file, ACTUAL.resolve(file)).isEqualTo(expected);
    }
}
