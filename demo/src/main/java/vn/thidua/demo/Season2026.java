package vn.thidua.demo;

import vn.thidua.demo.Catalogue.IndicatorDef;
import vn.thidua.demo.Catalogue.KeyTaskDef;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureLine;
import vn.thidua.reference.StructureList;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The 2026 season, after the reform of 1 July 2025 (docs/adr/0011), loaded after the 2018 one and leaving it as it
 * is: the Ministry imports the structure after the reform (the old Bắc Ninh, the merged Bắc Ninh with its 99 communes
 * and its Department's units, Thái Nguyên), registers the sector-wide movement {@value #NATIONAL} with the eight key
 * tasks; the merged Bắc Ninh (24) and Thái Nguyên (19) enrol their units and report the first quarter, each province's
 * admin reviewing its own; Bắc Ninh registers {@value #RURAL} and supports some of its new communes. Every sender's
 * token names its province ({@code BTP} for the Ministry). Movement titles and plan numbers are illustrative, marked so.
 */
public final class Season2026 {

    public static final long SEED = 2026L;
    public static final String KEY_PREFIX = "demo-2026";
    public static final String NATIONAL = "BTP-TDTN-2026";
    public static final String RURAL = "NTM-2026-2030";
    static final String PERIOD = "2026-Q1";
    static final String MINISTRY = "BTP";
    static final String MINISTRY_SUBJECT = "btp-thi-dua";
    static final Map<String, String> ADMIN_SUBJECTS = Map.of("24", ScenarioGenerator.ADMIN_SUBJECT, "19", "stp-thai-nguyen");
    /** The lists the Ministry imports, in order: the old Bắc Ninh first (the merged one is formed from its units). */
    static final List<String[]> IMPORTS = List.of(
            new String[]{"27", "ADMIN_UNITS", "admin-units-bac-ninh-27-2024-12-01.csv", "Danh mục đơn vị hành chính tỉnh Bắc Ninh trước sắp xếp (ví dụ)"},
            new String[]{"24", "ADMIN_UNITS", "admin-units-bac-ninh-2025-07-01.csv", "NQ 1658/NQ-UBTVQH15"},
            new String[]{"24", "UNITS", "units-bac-ninh-2025-07-01.csv", "Sở Tư pháp tỉnh Bắc Ninh (minh hoạ)"},
            new String[]{"19", "ADMIN_UNITS", "admin-units-thai-nguyen-2025-07-01.csv", "NQ 202/2025/QH15 (ví dụ)"},
            new String[]{"19", "UNITS", "units-thai-nguyen-2025-07-01.csv", "Sở Tư pháp tỉnh Thái Nguyên (minh hoạ)"});
    private static final List<String> SUPPORTING = List.of("STP-PBGDPL", "STP-HCTP", "STP-TGPL", "STP-VP");

    private final Random random = new Random(SEED);
    private final Map<String, List<String>> units = new LinkedHashMap<>();
    private int assignments;
    private int activities;

    private Season2026() {
        for (String[] i : IMPORTS) {
            if (i[1].equals("UNITS")) {
                units.put(i[0], lines(i[2], StructureList.UNITS).stream().map(StructureLine::code).toList());
            }
        }
    }

    public static Scenario generate() {
        return new Season2026().build();
    }

    private Scenario build() {
        List<Chain> structure = List.of(new Chain("structure register", IMPORTS.stream().map(i -> ministry(
                key("structure", i[0], i[1]), "/api/v1/structure/provinces/" + i[0] + "/versions",
                Json.obj("list", i[1], "source", i[3], "csv", ReferenceData.shippedText(i[2])))).toList()));
        List<Chain> movements = List.of(national(), rural());
        List<Chain> results = results();
        List<Chain> communes = communes();
        List<Chain> facts = new ArrayList<>(results);
        facts.addAll(communes);
        int enrolments = units.values().stream().mapToInt(List::size).sum() + SUPPORTING.size();
        int approvals = (int) results.stream().filter(c -> c.requests().size() > 1).count();
        var statistics = new Scenario.Statistics(2, Catalogue.KEY_TASKS.size(), enrolments, communes.size(), assignments, 0, 0,
                activities, 0, results.size(), 0, 0, approvals);
        return new Scenario(List.of(new Phase("2026: the structure after 1 July 2025", structure),
                new Phase("2026: the Ministry's movement and the merged province's", movements),
                new Phase("2026: first-quarter results and commune support", facts)), statistics);
    }

    private Chain national() {
        List<DemoRequest> requests = new ArrayList<>();
        requests.add(ministry(key("movement", NATIONAL, "register"), "/api/v1/movements", Json.obj(
                "code", NATIONAL, "title", "Toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ năm 2026 (minh hoạ)",
                "kind", "ANNUAL", "periodStart", "2026-01-01", "periodEnd", "2026-12-31",
                "launchingPlan", Json.obj("number", "15/KH-BTP", "kind", "KH", "issuer", "Bộ Tư pháp", "issuedOn", "2026-01-08",
                        "title", "Kế hoạch tổ chức phong trào thi đua của ngành Tư pháp năm 2026 (minh hoạ)"),
                "legalBasis", List.of())));
        for (KeyTaskDef task : Catalogue.KEY_TASKS) {
            requests.add(ministry(key("key-task", NATIONAL, String.valueOf(task.taskNo()), "define"),
                    "/api/v1/movements/" + NATIONAL + "/key-tasks", Json.obj("taskNo", task.taskNo(), "title", task.title(),
                            "indicators", task.indicators().stream().map(i -> Json.obj("code", i.code(), "name", i.name(),
                                    "unitOfMeasure", i.unitOfMeasure(), "target", i.target())).toList())));
        }
        units.forEach((province, list) -> list.forEach(unit -> requests.add(admin(province,
                key("enrolment", NATIONAL, unit), "/api/v1/movements/" + NATIONAL + "/enrolments", Json.obj("unitId", unit,
                        "enrolledOn", ScenarioGenerator.workday(LocalDate.of(2026, 1, 12).plusDays(random.nextInt(30))).toString(),
                        "pledgedTitle", "Tập thể lao động xuất sắc", "pledges", "Hoàn thành 100% nhiệm vụ được giao năm 2026")))));
        return new Chain("movement " + NATIONAL, requests);
    }

    private Chain rural() {
        List<DemoRequest> requests = new ArrayList<>();
        requests.add(admin("24", key("movement", RURAL, "register"), "/api/v1/movements", Json.obj(
                "code", RURAL, "title", "Ngành Tư pháp chung sức xây dựng nông thôn mới giai đoạn 2026–2030 (minh hoạ)",
                "kind", "MULTI_YEAR", "periodStart", "2026-01-01", "periodEnd", "2030-12-31",
                "launchingPlan", Json.obj("number", "12/KH-STP", "kind", "KH", "issuer", "Sở Tư pháp tỉnh Bắc Ninh",
                        "issuedOn", "2026-01-09", "title", "Kế hoạch ngành Tư pháp chung sức xây dựng nông thôn mới giai đoạn "
                                + "2026–2030 (minh hoạ)"),
                "legalBasis", List.of())));
        for (String unit : SUPPORTING) {
            requests.add(admin("24", key("enrolment", RURAL, unit), "/api/v1/movements/" + RURAL + "/enrolments",
                    Json.obj("unitId", unit, "enrolledOn", "2026-01-12", "pledgedTitle", null,
                            "pledges", "Giúp đỡ các xã được phân công đạt chuẩn tiếp cận pháp luật")));
        }
        return new Chain("movement " + RURAL, requests);
    }

    /** Every enrolled unit's first-quarter result of every key task; its province's admin approves most of them. */
    private List<Chain> results() {
        Random values = new Random(SEED + 1);
        List<Chain> chains = new ArrayList<>();
        units.forEach((province, list) -> {
            for (String unit : list) {
                for (KeyTaskDef task : Catalogue.KEY_TASKS) {
                    String resultId = String.join("~", NATIONAL, String.valueOf(task.taskNo()), unit, PERIOD);
                    String keyBase = String.join(":", "result", NATIONAL, String.valueOf(task.taskNo()), unit, PERIOD);
                    List<Map<String, Object>> reported = new ArrayList<>();
                    for (IndicatorDef i : task.indicators()) {
                        reported.add(Json.obj("code", i.code(), "value", value(i, values)));
                    }
                    List<DemoRequest> requests = new ArrayList<>();
                    requests.add(new DemoRequest(key(keyBase, "record"),
                            "/api/v1/movements/" + NATIONAL + "/key-tasks/" + task.taskNo() + "/results",
                            Json.write(Json.obj("unitId", unit, "period", PERIOD, "values", reported,
                                    "evidence", "Báo cáo kết quả công tác tư pháp quý I năm 2026 của " + unit)),
                            ScenarioGenerator.subjectOf(unit), DemoRequest.UNIT_REPORTER, unit, "resultId", resultId, province));
                    if (values.nextDouble() < 0.8) {
                        requests.add(admin(province, key(keyBase, "approve"), "/api/v1/task-results/" + resultId + "/approval",
                                Json.obj("note", null)));
                    }
                    chains.add(new Chain("result " + resultId, requests));
                }
            }
        });
        return chains;
    }

    private static BigDecimal value(IndicatorDef indicator, Random random) {
        double target = indicator.target().doubleValue();
        if (indicator.isPercentage()) {
            return BigDecimal.valueOf(Math.min(100, target * (0.8 + 0.22 * random.nextDouble()))).setScale(1, RoundingMode.HALF_UP);
        }
        return BigDecimal.valueOf(Math.round(target / 4 * (0.4 + random.nextDouble())));
    }

    /** About half of the merged Bắc Ninh's 66 xã, each supported by one of the Department's units from early 2026. */
    private List<Chain> communes() {
        Random pick = new Random(SEED + 2);
        List<Chain> chains = new ArrayList<>();
        for (StructureLine commune : lines("admin-units-bac-ninh-2025-07-01.csv", StructureList.ADMIN_UNITS)) {
            if (!commune.type().equals("xa") || pick.nextDouble() < 0.5) {
                continue;
            }
            String unit = SUPPORTING.get(pick.nextInt(SUPPORTING.size()));
            LocalDate from = ScenarioGenerator.workday(LocalDate.of(2026, 1, 15).plusDays(pick.nextInt(40)));
            String base = "/api/v1/movements/" + RURAL + "/communes/" + commune.code();
            String keyBase = String.join(":", "support", RURAL, commune.code());
            List<DemoRequest> requests = new ArrayList<>();
            assignments++;
            requests.add(admin("24", key(keyBase, "assign", unit, from.toString()), base + "/supporters", Json.obj("unitId", unit,
                    "decision", Json.obj("number", "21/QĐ-STP", "issuedOn", "2026-01-13"), "supportFrom", from.toString(),
                    "shared", false)));
            for (int n = 0, count = 1 + pick.nextInt(3); n < count; n++) {
                LocalDate day = ScenarioGenerator.workday(from.plusDays(pick.nextInt(120)));
                activities++;
                requests.add(new DemoRequest(key(keyBase, "activity", unit, String.valueOf(n + 1)), base + "/activities",
                        Json.write(Json.obj("unitId", unit,
                                "type", "LEGAL_DISSEMINATION", "heldOn", day.toString(), "participants", 30 + pick.nextInt(60),
                                "description", "Tuyên truyền, phổ biến pháp luật tại " + commune.name())),
                        ScenarioGenerator.subjectOf(unit), DemoRequest.UNIT_REPORTER, unit, null, null, "24"));
            }
            chains.add(new Chain("commune " + commune.code(), requests));
        }
        return chains;
    }

    private static List<StructureLine> lines(String file, StructureList list) {
        return StructureCsv.parse(ReferenceData.shippedText(file), list).lines();
    }

    private static DemoRequest ministry(String key, String path, Object body) {
        return new DemoRequest(key, path, Json.write(body), MINISTRY_SUBJECT, DemoRequest.PROVINCE_ADMIN, null, null, null,
                MINISTRY);
    }

    private static DemoRequest admin(String province, String key, String path, Object body) {
        return new DemoRequest(key, path, Json.write(body), ADMIN_SUBJECTS.get(province), DemoRequest.PROVINCE_ADMIN, null,
                null, null, province);
    }

    private static String key(String... parts) {
        return KEY_PREFIX + ":" + String.join(":", parts);
    }
}
