package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
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
import vn.thidua.query.support.StructureImports;
import vn.thidua.query.support.TestTokens;
import vn.thidua.reference.StructureList;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query-service as an attacker meets it: the whole application on a random port, accepting {@link TestTokens}
 * (profile {@code local}), with data written through the real projections into the MongoDB-wire server. The
 * subclasses share one application context (same configuration, declared here) and one database.
 * <p>
 * The data: movement {@link #TD} with units {@link #OWN} ({@code PTP-213}, the reporter's), {@link #OTHER} and
 * {@link #THIRD} enrolled and a result of each of the first two; movement {@link #FOREIGN} where only {@link #OTHER}
 * is enrolled; the multi-year movement {@link #NTM} in which {@link #OWN} supports commune {@link #OWN_COMMUNE} and
 * {@link #OTHER} supports {@link #OTHER_COMMUNE}. Every event is also in the audit log, with its unit in the metadata.
 * All of that is province 24's, recorded before provinces were tenants (no province in payloads or metadata). Then the
 * tenancy: the register knows province {@link #TN_PROVINCE} (Thái Nguyên) and its unit {@link #TN_UNIT}; the Ministry's
 * sector-wide movement {@link #NATIONAL} enrols {@link #OWN}, {@link #OTHER} and {@link #TN_UNIT} (which reported task 1,
 * approved); province 19 has its own movement {@link #TN_MOVEMENT}. In the Ministry's movement, units of both provinces
 * support communes of their province ({@link #NATIONAL_SUPPORT}); last, a version of province 19's communes from 2027
 * merges two of them ({@link #LATER_STRUCTURE}).
 */
@SpringBootTest(classes = QueryServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", "spring.profiles.active=" + TestTokens.PROFILE,
                // every test calls from this host, and the forged tokens of the matrix are many: the per-address limit
                // of failed authentications has its own test (RateLimitAndCorsTest)
                "thidua.security.failed-authentications-per-minute=100000",
                // as in production (Spring Boot's tests turn metrics export off): the operators' scrape endpoint
                "management.prometheus.metrics.export.enabled=true"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecuredApi {

    static final String DB = Infrastructure.uniqueName("security");
    static final String TD = "TD-2018";
    static final String FOREIGN = "PT-KHAC-2018";
    static final String NTM = "NTM-2016-2020";
    static final String UNKNOWN = "KHONG-CO";
    static final String OWN = TestTokens.UNIT;
    static final String OTHER = "PTP-215";
    static final String THIRD = "PTP-216";
    static final String OWN_COMMUNE = "07225";
    static final String OTHER_COMMUNE = "07234";
    static final String PERIOD = "2018-Q1";
    static final String NATIONAL = "BTP-TDTN-2026";
    static final String TN_MOVEMENT = "TNG-2026";
    static final String TN_PROVINCE = "19";
    static final String TN_UNIT = "TNG-STP-VP";
    static final String NATIONAL_PERIOD = "2026-Q1";
    /** Two communes of province 19 that its unit supports in the Ministry's movement; merged into the first from 2027. */
    static final String TN_COMMUNE = "01843";
    static final String TN_MERGED_COMMUNE = "01849";
    /** The first day of the later version of province 19's communes, {@link #LATER_STRUCTURE}. */
    static final LocalDate TN_MERGER = LocalDate.of(2027, 1, 1);
    static final String CSV = "text/csv";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /**
     * The roles in the order of the expectations of {@link AuthorizationMatrixTest}, and the operator, who reads no
     * report.
     */
    static final List<Role> ROLES = List.of(Role.PROVINCE_ADMIN, Role.UNIT_REPORTER, Role.ANALYST, Role.AUDITOR, Role.OPERATOR);

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
    /** The service's own live projections: what the stream would feed. */
    Projection catalogue;
    Projection supportBoard;
    Projection taskResults;
    Projection auditLog;
    Projection register;

    @Autowired
    void projections(LiveProjections live) {
        catalogue = live.named(MovementCatalogueProjection.NAME);
        supportBoard = live.named(SupportBoardProjection.NAME);
        taskResults = live.named(TaskResultsProjection.NAME);
        auditLog = live.named(AuditLogProjection.NAME);
        register = live.named(vn.thidua.query.structure.StructureRegisterProjection.NAME);
    }
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    // ---- the data: generated once per JVM, so applying it again (every subclass does) changes nothing ----

    static final List<DomainEvent> MOVEMENTS = movements();
    static final List<DomainEvent> SUPPORT = support();
    static final List<DomainEvent> RESULTS = results();
    static final List<DomainEvent> STRUCTURE = structure();
    static final List<DomainEvent> TENANTS = tenants();
    static final List<DomainEvent> NATIONAL_SUPPORT = nationalSupport();
    static final List<DomainEvent> LATER_STRUCTURE = laterStructure();

    /** Province 19 in the register (from 1 July 2025) with its communes (the shipped example list), and one justice unit. */
    private static List<DomainEvent> structure() {
        LocalDate from = LocalDate.of(2025, 7, 1);
        return withProvince("BTP", AggregateStream.of("StructureRegister", "structure")
                .then(StructureImports.imported(TN_PROVINCE, StructureList.ADMIN_UNITS, "admin-units-thai-nguyen-2025-07-01.csv"))
                .then(new vn.thidua.events.structure.StructureVersionImported("structure", TN_PROVINCE,
                        vn.thidua.events.structure.StructureList.UNITS, from, "Sở Tư pháp tỉnh Thái Nguyên", "1".repeat(64),
                        List.of(new vn.thidua.events.structure.StructureEntry(2, TN_UNIT, "Văn phòng Sở Tư pháp tỉnh Thái Nguyên",
                                "DIVISION", TN_PROVINCE, List.of(), false, null))))
                .events());
    }

    /**
     * A version of province 19's communes from {@link #TN_MERGER}, recorded after every other event: {@link #TN_MERGED_COMMUNE}
     * merged into {@link #TN_COMMUNE}, which keeps its code and name.
     */
    private static List<DomainEvent> laterStructure() {
        AggregateStream register = AggregateStream.of("StructureRegister", "structure");
        STRUCTURE.forEach(e -> register.then(e.payload()));
        var first = StructureImports.imported(TN_PROVINCE, StructureList.ADMIN_UNITS, "admin-units-thai-nguyen-2025-07-01.csv");
        List<vn.thidua.events.structure.StructureEntry> entries = first.entries().stream()
                .filter(l -> !l.code().equals(TN_MERGED_COMMUNE))
                .map(l -> l.code().equals(TN_COMMUNE) ? new vn.thidua.events.structure.StructureEntry(l.line(), l.code(), l.name(),
                        l.type(), l.parent(), List.of(TN_COMMUNE, TN_MERGED_COMMUNE), false, "sáp nhập (dữ liệu kiểm thử)") : l)
                .toList();
        register.then(new vn.thidua.events.structure.StructureVersionImported("structure", TN_PROVINCE,
                vn.thidua.events.structure.StructureList.ADMIN_UNITS, TN_MERGER, "dữ liệu kiểm thử", "2".repeat(64), entries));
        List<DomainEvent> all = withProvince("BTP", register.events());
        return List.of(all.get(all.size() - 1));
    }

    /**
     * Commune support in the Ministry's movement: {@link #OWN} and {@link #OTHER} support province 24's communes
     * {@link #OWN_COMMUNE} and {@link #OTHER_COMMUNE}, {@link #TN_UNIT} province 19's {@link #TN_COMMUNE} and
     * {@link #TN_MERGED_COMMUNE}; activities and 2026 assessments on some of them.
     */
    private static List<DomainEvent> nationalSupport() {
        List<DomainEvent> events = new ArrayList<>();
        String[][] supported = {{OWN_COMMUNE, OWN, "24", "2", "PASSED"}, {OTHER_COMMUNE, OTHER, "24", "1", ""},
                {TN_COMMUNE, TN_UNIT, TN_PROVINCE, "3", "FAILED"}, {TN_MERGED_COMMUNE, TN_UNIT, TN_PROVINCE, "1", "PASSED"}};
        for (String[] s : supported) {
            String commune = s[0];
            String unit = s[1];
            AggregateStream stream = AggregateStream.of("CommuneSupport", NATIONAL + "~" + commune)
                    .then(new CommuneSupportAssigned(NATIONAL, commune, unit,
                            new AssignmentDecision("3/QĐ-STP", LocalDate.of(2026, 2, 2)), LocalDate.of(2026, 2, 9), false));
            for (int a = 0; a < Integer.parseInt(s[3]); a++) {
                stream.then(new SupportActivityRecorded(NATIONAL, commune, unit, "hd-" + a, SupportActivityType.LEGAL_DISSEMINATION,
                        LocalDate.of(2026, 3, 2 + a), 25 + a, "Tuyên truyền pháp luật tại xã " + commune));
            }
            if (!s[4].isEmpty()) {
                CriterionScores scores = new CriterionScores(BigDecimal.TEN, BigDecimal.valueOf(20), BigDecimal.valueOf(20),
                        BigDecimal.valueOf(8), BigDecimal.valueOf(15));
                stream.then(new CommuneCriterionAssessed(NATIONAL, commune, 2026, scores, scores.total(), true,
                        s[4].equals("PASSED"), "QD25-2021/v1", LocalDate.of(2026, 11, 20), null));
            }
            events.addAll(withProvince(s[2], withUnit(unit, stream.events())));
        }
        return events;
    }

    /** The Ministry's movement with units of two provinces, and a movement of province 19. */
    private static List<DomainEvent> tenants() {
        List<DomainEvent> events = new ArrayList<>();
        MovementHistory national = MovementHistory.of(NATIONAL).then(new MovementRegistered(NATIONAL,
                "Toàn ngành Tư pháp thi đua năm 2026", MovementKind.ANNUAL, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31),
                MovementHistory.ministryDecision(), List.of(), "BTP"));
        national.then(MovementHistory.keyTask(NATIONAL, 1));
        national.then(new vn.thidua.events.movement.UnitEnrolled(NATIONAL, OWN, LocalDate.of(2026, 2, 1), null, null))
                .then(new vn.thidua.events.movement.UnitEnrolled(NATIONAL, OTHER, LocalDate.of(2026, 2, 1), null, null))
                .then(new vn.thidua.events.movement.UnitEnrolled(NATIONAL, TN_UNIT, LocalDate.of(2026, 2, 1), null, null));
        events.addAll(withProvince("BTP", national.events()));
        events.addAll(withProvince(TN_PROVINCE, MovementHistory.of(TN_MOVEMENT).then(new MovementRegistered(TN_MOVEMENT,
                "Thi đua chuyên đề của tỉnh Thái Nguyên", MovementKind.THEMATIC, LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), MovementHistory.launchingPlan(), List.of(), TN_PROVINCE)).events()));
        String result = NATIONAL + "~1~" + TN_UNIT + "~" + NATIONAL_PERIOD;
        events.addAll(withProvince(TN_PROVINCE, withUnit(TN_UNIT, AggregateStream.of("TaskResult", result)
                .then(new TaskResultRecorded(result, NATIONAL, 1, TN_UNIT, NATIONAL_PERIOD, List.of(
                        new IndicatorValue("TT1", new BigDecimal("1.5")), new IndicatorValue("TT2", new BigDecimal("10"))),
                        "Báo cáo quý I của " + TN_UNIT))
                .then(new TaskResultApproved(result, NATIONAL, 1, TN_UNIT, NATIONAL_PERIOD, "Đạt"))
                .events())));
        return events;
    }

    private static List<DomainEvent> withProvince(String province, List<DomainEvent> events) {
        return events.stream().map(e -> {
            Map<String, Object> metadata = new HashMap<>(e.metadata());
            metadata.put("provinceCode", province);
            return new DomainEvent(e.position(), e.index(), e.eventId(), e.aggregateType(), e.aggregateId(), e.sequence(),
                    e.revision(), e.timestamp(), metadata, e.payload());
        }).toList();
    }

    private static List<DomainEvent> movements() {
        List<DomainEvent> events = new ArrayList<>();
        MovementHistory td = MovementHistory.of(TD)
                .then(MovementHistory.registered(TD, "Toàn ngành Tư pháp thi đua năm 2018", MovementKind.ANNUAL));
        MovementHistory.KEY_TASK_ORDER.forEach(no -> td.then(MovementHistory.keyTask(TD, no)));
        td.then(MovementHistory.enrolled(TD, 213)).then(MovementHistory.enrolled(TD, 215)).then(MovementHistory.enrolled(TD, 216));
        events.addAll(td.events());
        events.addAll(MovementHistory.of(FOREIGN)
                .then(MovementHistory.registered(FOREIGN, "Thi đua chuyên đề hòa giải ở cơ sở", MovementKind.THEMATIC))
                .then(MovementHistory.keyTask(FOREIGN, 1))
                .then(MovementHistory.enrolled(FOREIGN, 215)).events());
        events.addAll(MovementHistory.of(NTM)
                .then(MovementHistory.registered(NTM, "Ngành Tư pháp chung sức xây dựng nông thôn mới", MovementKind.MULTI_YEAR))
                .events());
        return events;
    }

    private static List<DomainEvent> support() {
        List<DomainEvent> events = new ArrayList<>();
        for (String[] pair : List.of(new String[]{OWN_COMMUNE, OWN}, new String[]{OTHER_COMMUNE, OTHER})) {
            String commune = pair[0];
            String unit = pair[1];
            events.addAll(withUnit(unit, AggregateStream.of("CommuneSupport", NTM + "~" + commune)
                    .then(new CommuneSupportAssigned(NTM, commune, unit,
                            new AssignmentDecision("125/QĐ-STP", LocalDate.of(2017, 3, 15)), LocalDate.of(2017, 4, 1), false))
                    .then(new SupportActivityRecorded(NTM, commune, unit, "hd-" + commune,
                            SupportActivityType.LEGAL_DISSEMINATION, LocalDate.of(2018, 5, 12), 40,
                            "Tuyên truyền pháp luật do " + unit + " tổ chức"))
                    .events()));
        }
        return events;
    }

    private static List<DomainEvent> results() {
        List<DomainEvent> events = new ArrayList<>();
        String own = TD + "~1~" + OWN + "~" + PERIOD;
        events.addAll(withUnit(OWN, AggregateStream.of("TaskResult", own)
                .then(new TaskResultRecorded(own, TD, 1, OWN, PERIOD, List.of(new IndicatorValue("TT1", new BigDecimal("1.5")),
                        new IndicatorValue("TT2", new BigDecimal("10"))), "Báo cáo quý I của " + OWN))
                .then(new TaskResultApproved(own, TD, 1, OWN, PERIOD, "Đạt"))
                .events()));
        String other = TD + "~1~" + OTHER + "~" + PERIOD;
        events.addAll(withUnit(OTHER, AggregateStream.of("TaskResult", other)
                .then(new TaskResultRecorded(other, TD, 1, OTHER, PERIOD, List.of(new IndicatorValue("TT1", new BigDecimal("0.75")),
                        new IndicatorValue("TT2", new BigDecimal("5"))), "Báo cáo quý I của " + OTHER))
                .events()));
        return events;
    }

    /** The events as the unit's reporter would have caused them: its unit in the metadata. */
    private static List<DomainEvent> withUnit(String unit, List<DomainEvent> events) {
        return events.stream().map(e -> {
            Map<String, Object> metadata = new HashMap<>(e.metadata());
            metadata.put("unitId", unit);
            metadata.put("role", "UNIT_REPORTER");
            return new DomainEvent(e.position(), e.index(), e.eventId(), e.aggregateType(), e.aggregateId(), e.sequence(),
                    e.revision(), e.timestamp(), metadata, e.payload());
        }).toList();
    }

    @BeforeAll
    void data() {
        register.apply(STRUCTURE);
        catalogue.apply(MOVEMENTS);
        catalogue.apply(TENANTS.stream().filter(e -> "Movement".equals(e.aggregateType())).toList());
        supportBoard.apply(SUPPORT);
        supportBoard.apply(NATIONAL_SUPPORT);
        register.apply(LATER_STRUCTURE);
        taskResults.apply(RESULTS);
        taskResults.apply(TENANTS.stream().filter(e -> "TaskResult".equals(e.aggregateType())).toList());
        List<DomainEvent> all = new ArrayList<>(MOVEMENTS);
        all.addAll(SUPPORT);
        all.addAll(RESULTS);
        all.addAll(STRUCTURE);
        all.addAll(TENANTS);
        all.addAll(NATIONAL_SUPPORT);
        all.addAll(LATER_STRUCTURE);
        auditLog.apply(all);
    }

    // ---- HTTP ----

    HttpResponse<String> send(String method, String pathAndQuery, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery, String token) {
        return send("GET", pathAndQuery, token, "application/json");
    }

    HttpResponse<String> get(String pathAndQuery, Role role) {
        return get(pathAndQuery, TestTokens.token(role));
    }

    JsonNode body(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + response.body(), e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
