package vn.thidua.demo;

import vn.thidua.demo.Catalogue.Document;
import vn.thidua.demo.Catalogue.IndicatorDef;
import vn.thidua.demo.Catalogue.KeyTaskDef;
import vn.thidua.demo.Catalogue.MovementDef;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.Unit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates the demo scenario from the reference lists and {@code new Random(2018)}: the same requests, in the same
 * order, with the same keys and bodies, every time. The random draws happen in a fixed order (communes in the order
 * of the GSO list, units in the order of the unit list), so changing one part of the scenario changes only the parts
 * drawn after it.
 */
public final class ScenarioGenerator {

    public static final long SEED = 2018L;
    public static final String KEY_PREFIX = "demo-2018";
    /** The department's emulation office: every act of the province. */
    public static final String ADMIN_SUBJECT = "vp-thi-dua";

    static final LocalDate SUPPORT_FIRST_DAY = LocalDate.of(2017, 1, 1);
    static final LocalDate SUPPORT_LAST_DAY = LocalDate.of(2018, 12, 31);
    static final List<Integer> ASSESSED_YEARS = List.of(2017, 2018);
    static final List<BigDecimal> MAXIMA = List.of(BigDecimal.valueOf(15), BigDecimal.valueOf(30),
            BigDecimal.valueOf(25), BigDecimal.valueOf(10), BigDecimal.valueOf(20));
    static final List<String> QUARTERS = List.of("2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4");

    /** Department divisions that support communes besides the district offices. */
    private static final List<String> SUPPORTING_DIVISIONS = List.of("STP-PBGDPL", "STP-HCTP", "STP-TGPL",
            "STP-XDKTVB", "STP-BTTP", "STP-TTR");
    private static final List<String> ENTERPRISE_UNITS = List.of("STP-VP", "STP-BTTP", "STP-TGPL", "STP-DGTS",
            "STP-CC1", "PTP-213", "PTP-222");
    private static final List<String> POVERTY_UNITS = List.of("STP-VP", "STP-TGPL", "STP-PBGDPL", "PTP-215",
            "PTP-218", "PTP-219", "PTP-220");

    private static final String[] TOPICS = {"Luật Hòa giải ở cơ sở", "Luật Hộ tịch", "Luật Tiếp cận thông tin",
            "Luật Trợ giúp pháp lý", "Luật Đất đai", "Luật Hôn nhân và gia đình", "pháp luật về phòng, chống ma túy",
            "pháp luật về trật tự, an toàn giao thông", "Luật Tố cáo", "Luật Phòng, chống tham nhũng",
            "pháp luật về phòng, chống bạo lực gia đình", "Luật Trẻ em"};
    private static final String[] CORRECTION_REASONS = {"Bổ sung số liệu phát sinh cuối quý",
            "Điều chỉnh số liệu theo sổ theo dõi của đơn vị", "Sửa lỗi nhập số liệu",
            "Cập nhật số liệu sau khi đối chiếu với báo cáo thống kê"};
    private static final String[] RETURN_REASONS = {"Thiếu tài liệu kiểm chứng", "Số liệu chưa khớp với báo cáo thống kê",
            "Đề nghị làm rõ cách tính tỷ lệ", "Báo cáo chưa có chữ ký của thủ trưởng đơn vị"};
    private static final String[] RESUBMIT_REASONS = {"Bổ sung tài liệu kiểm chứng và điều chỉnh số liệu theo ý kiến của Sở",
            "Đối chiếu lại với báo cáo thống kê, sửa số liệu", "Làm rõ cách tính tỷ lệ theo hướng dẫn của Sở"};
    private static final String[] APPROVAL_NOTES = {"Số liệu khớp báo cáo", "Đã đối chiếu tài liệu kiểm chứng",
            "Đạt yêu cầu"};
    private static final String[] ROMAN = {"I", "II", "III", "IV"};

    private final ReferenceData reference;
    private final Random random = new Random(SEED);
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    private ScenarioGenerator(ReferenceData reference) {
        this.reference = reference;
    }

    /** The scenario for the shipped Bắc Giang lists. */
    public static Scenario generate() {
        return generate(ReferenceData.bacGiang());
    }

    public static Scenario generate(ReferenceData reference) {
        return new ScenarioGenerator(reference).build();
    }

    private Scenario build() {
        List<Chain> communes = communeChains();
        List<Chain> movements = movementChains();
        List<Chain> results = resultChains();
        var statistics = new Scenario.Statistics(Catalogue.MOVEMENTS.size(), Catalogue.KEY_TASKS.size(),
                counted("enrolment"), counted("commune"), counted("assignment"), counted("shared"), counted("ended"),
                counted("activity"), counted("assessment"), counted("result"), counted("correction"),
                counted("return"), counted("approval"));
        return new Scenario(List.of(
                new Phase("movements, key tasks and enrolments", movements),
                new Phase("commune support and task results", interleave(communes, results))), statistics);
    }

    // --- movements -------------------------------------------------------------------------------------------

    private List<Chain> movementChains() {
        List<Chain> chains = new ArrayList<>();
        for (MovementDef m : Catalogue.MOVEMENTS) {
            List<DemoRequest> requests = new ArrayList<>();
            requests.add(admin(key("movement", m.code(), "register"), "/api/v1/movements", Json.obj(
                    "code", m.code(), "title", m.title(), "kind", m.kind(),
                    "periodStart", m.periodStart().toString(), "periodEnd", m.periodEnd().toString(),
                    "launchingPlan", document(m.launchingPlan()),
                    "legalBasis", m.legalBasis().stream().map(ScenarioGenerator::document).toList())));
            if (m.code().equals(Catalogue.ANNUAL)) {
                for (KeyTaskDef task : Catalogue.KEY_TASKS) {
                    requests.add(admin(key("key-task", m.code(), String.valueOf(task.taskNo()), "define"),
                            "/api/v1/movements/" + m.code() + "/key-tasks", Json.obj(
                                    "taskNo", task.taskNo(), "title", task.title(),
                                    "indicators", task.indicators().stream().map(i -> Json.obj("code", i.code(),
                                            "name", i.name(), "unitOfMeasure", i.unitOfMeasure(), "target", i.target()))
                                            .toList())));
                }
            }
            requests.addAll(enrolments(m));
            if (m.code().equals(Catalogue.THEMATIC)) {
                requests.add(admin(key("movement", m.code(), "close"), "/api/v1/movements/" + m.code() + "/closure",
                        Json.obj("closedOn", Catalogue.THEMATIC_CLOSED_ON.toString(),
                                "summary", Catalogue.THEMATIC_SUMMARY)));
            }
            chains.add(new Chain("movement " + m.code(), requests));
        }
        return chains;
    }

    private static Map<String, Object> document(Document d) {
        return Json.obj("number", d.number(), "kind", d.kind(), "issuer", d.issuer(),
                "issuedOn", d.issuedOn().toString(), "title", d.title());
    }

    private record Enrolment(String unitId, LocalDate on, String title, String pledges) {
    }

    private List<DemoRequest> enrolments(MovementDef m) {
        List<String> allUnits = reference.units().stream().map(Unit::id).toList();
        LocalDate jan10 = LocalDate.of(2018, 1, 10);
        LocalDate feb28 = LocalDate.of(2018, 2, 28);
        List<Enrolment> list = new ArrayList<>();
        switch (m.code()) {
            case Catalogue.ANNUAL -> {
                for (String unit : allUnits) {
                    double r = random.nextDouble();
                    String title = r < 0.1 ? "Cờ thi đua của Bộ Tư pháp"
                            : r < 0.7 ? "Tập thể lao động xuất sắc" : "Tập thể lao động tiên tiến";
                    list.add(new Enrolment(unit, workdayBetween(jan10, feb28), title,
                            "Hoàn thành 100% chỉ tiêu, nhiệm vụ được giao năm 2018; không có cán bộ, công chức vi phạm "
                                    + "kỷ luật"));
                }
            }
            case "HCM-2018" -> {
                for (String unit : allUnits) {
                    if (random.nextDouble() < 0.65) {
                        list.add(new Enrolment(unit, workdayBetween(jan10, feb28), null,
                                "100% cán bộ, công chức đăng ký và thực hiện việc học tập và làm theo tư tưởng, đạo "
                                        + "đức, phong cách Hồ Chí Minh năm 2018"));
                    }
                }
            }
            case Catalogue.RURAL -> {
                for (String unit : allUnits) {
                    if (unit.startsWith("PTP-") || SUPPORTING_DIVISIONS.contains(unit)) {
                        list.add(new Enrolment(unit, workdayBetween(LocalDate.of(2017, 1, 5), LocalDate.of(2017, 2, 28)), null,
                                "Giúp đỡ các xã được phân công đạt chuẩn tiếp cận pháp luật (chỉ tiêu 18.5 của bộ tiêu "
                                        + "chí quốc gia về xã nông thôn mới)"));
                    }
                }
            }
            case "DNHN-2018" -> {
                for (String unit : ENTERPRISE_UNITS) {
                    list.add(new Enrolment(unit, workdayBetween(jan10, feb28), null,
                            "Hỗ trợ pháp lý cho doanh nghiệp; giải quyết đúng hạn 100% hồ sơ, thủ tục của doanh nghiệp"));
                }
            }
            case "VNN-2017-2020" -> {
                for (String unit : POVERTY_UNITS) {
                    list.add(new Enrolment(unit, workdayBetween(jan10, feb28), null,
                            "Tham gia ủng hộ Quỹ Vì người nghèo; trợ giúp pháp lý miễn phí cho người nghèo, đồng bào "
                                    + "dân tộc thiểu số"));
                }
            }
            case Catalogue.THEMATIC -> {
                for (String unit : allUnits) {
                    if (random.nextDouble() < 0.5) {
                        list.add(new Enrolment(unit, workdayBetween(LocalDate.of(2018, 4, 17), LocalDate.of(2018, 5, 15)),
                                null, "Lập thành tích chào mừng kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi "
                                + "thi đua ái quốc"));
                    }
                }
            }
            default -> throw new IllegalStateException("No enrolments planned for " + m.code());
        }
        list.sort(Comparator.comparing(Enrolment::on)); // stable: same-day enrolments keep the list order
        List<DemoRequest> requests = new ArrayList<>();
        for (Enrolment e : list) {
            count("enrolment");
            requests.add(admin(key("enrolment", m.code(), e.unitId()), "/api/v1/movements/" + m.code() + "/enrolments",
                    Json.obj("unitId", e.unitId(), "enrolledOn", e.on().toString(), "pledgedTitle", e.title(),
                            "pledges", e.pledges())));
        }
        return requests;
    }

    // --- commune support -------------------------------------------------------------------------------------

    private record Decision(String number, LocalDate issuedOn) {
    }

    private record Assignment(String unitId, Decision decision, LocalDate from, LocalDate until, boolean shared,
                              int activities) {
        LocalDate lastDay() {
            return until == null || until.isAfter(SUPPORT_LAST_DAY) ? SUPPORT_LAST_DAY : until;
        }
    }

    /** A request with the business date and rank that order it among the commune's requests. */
    private record Dated(LocalDate date, int rank, int seq, DemoRequest request) {
    }

    private List<Chain> communeChains() {
        // the department's decisions of 2017: one per district, one for its divisions, one adding shared
        // supporters mid-year, one reassigning from 2018; numbered in the order they were issued
        Map<String, LocalDate> districtDates = new LinkedHashMap<>();
        int i = 0;
        for (var district : reference.districts()) {
            districtDates.put(district.code(), workday(LocalDate.of(2017, 2, 20).plusDays(3L * i++ + random.nextInt(3))));
        }
        Map<String, LocalDate> dated = new LinkedHashMap<>();
        districtDates.forEach((code, day) -> dated.put("district:" + code, day));
        dated.put("divisions", LocalDate.of(2017, 3, 27));
        dated.put("shared", LocalDate.of(2017, 7, 14));
        dated.put("reassign", LocalDate.of(2017, 12, 15));
        Map<String, Decision> decisions = new HashMap<>();
        int number = 30;
        for (var entry : dated.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList()) {
            number += 3 + random.nextInt(7);
            decisions.put(entry.getKey(), new Decision(number + "/QĐ-STP", entry.getValue()));
        }

        List<Chain> chains = new ArrayList<>();
        for (Commune commune : reference.communes()) {
            count("commune");
            String office = "PTP-" + commune.districtCode();
            boolean byDivision = random.nextDouble() < 0.09;
            String primary = byDivision ? pick(SUPPORTING_DIVISIONS) : office;
            Decision first = byDivision ? decisions.get("divisions") : decisions.get("district:" + commune.districtCode());
            LocalDate from = first.issuedOn().plusDays(3 + random.nextInt(12));
            double mode = random.nextDouble();
            List<Assignment> assignments = new ArrayList<>();
            if (mode < 0.07) {
                Decision shared = decisions.get("shared");
                String second = pickOther(SUPPORTING_DIVISIONS, primary);
                assignments.add(new Assignment(primary, first, from, null, false, 3 + random.nextInt(4)));
                assignments.add(new Assignment(second, shared, shared.issuedOn().plusDays(1 + random.nextInt(20)), null,
                        true, 1 + random.nextInt(3)));
            } else if (mode < 0.11) {
                Decision reassign = decisions.get("reassign");
                String next = byDivision ? office : pick(SUPPORTING_DIVISIONS);
                assignments.add(new Assignment(primary, first, from, LocalDate.of(2017, 12, 31), false,
                        1 + random.nextInt(3)));
                assignments.add(new Assignment(next, reassign, LocalDate.of(2018, 1, 1), null, false,
                        2 + random.nextInt(3)));
            } else {
                assignments.add(new Assignment(primary, first, from, null, false, 3 + random.nextInt(4)));
            }
            chains.add(new Chain("commune " + commune.code(), communeRequests(commune, assignments, decisions)));
        }
        return chains;
    }

    private List<DemoRequest> communeRequests(Commune commune, List<Assignment> assignments, Map<String, Decision> decisions) {
        String base = "/api/v1/movements/" + Catalogue.RURAL + "/communes/" + commune.code();
        String keyBase = String.join(":", "support", Catalogue.RURAL, commune.code());
        String place = inText(commune.name());
        List<Dated> items = new ArrayList<>();
        int seq = 0;
        for (Assignment a : assignments) {
            count("assignment");
            if (a.shared()) {
                count("shared");
            }
            items.add(new Dated(a.from(), 0, seq++, admin(key(keyBase, "assign", a.unitId(), a.from().toString()),
                    base + "/supporters", Json.obj("unitId", a.unitId(),
                            "decision", Json.obj("number", a.decision().number(), "issuedOn", a.decision().issuedOn().toString()),
                            "supportFrom", a.from().toString(), "shared", a.shared()))));
            if (a.until() != null) {
                count("ended");
                items.add(new Dated(a.until(), 3, seq++, admin(key(keyBase, "end", a.unitId(), a.until().toString()),
                        base + "/supporters/" + a.unitId() + "/ending", Json.obj("endedOn", a.until().toString(),
                                "reason", "Điều chỉnh phân công giúp đỡ xã theo Quyết định số "
                                        + decisions.get("reassign").number()))));
            }
            LocalDate first = a.from().isBefore(SUPPORT_FIRST_DAY) ? SUPPORT_FIRST_DAY : a.from();
            for (int n = 0; n < a.activities(); n++) {
                LocalDate day = between(first, a.lastDay());
                String type = activityType(day);
                int participants = participants(type);
                String description = description(type, place, day);
                count("activity");
                items.add(new Dated(day, 1, seq, reporter(a.unitId(),
                        key(keyBase, "activity", a.unitId(), day.toString(), String.valueOf(seq)), base + "/activities",
                        Json.obj("unitId", a.unitId(), "type", type, "heldOn", day.toString(),
                                "participants", participants, "description", description))));
                seq++;
            }
        }
        double quality = 0.60 + 0.38 * (random.nextDouble() + random.nextDouble()) / 2;
        for (int year : ASSESSED_YEARS) {
            if (year > ASSESSED_YEARS.get(0)) {
                quality = Math.min(0.99, quality + 0.01 + 0.08 * random.nextDouble());
            }
            List<BigDecimal> scores = new ArrayList<>();
            for (BigDecimal max : MAXIMA) {
                double share = Math.max(0.35, Math.min(1.0, quality + random.nextGaussian() * 0.05));
                scores.add(halves(max.doubleValue() * share).min(max));
            }
            boolean clean = random.nextDouble() >= 0.02;
            LocalDate assessedOn = workday(LocalDate.of(year, 12, 3 + random.nextInt(20)));
            count("assessment");
            items.add(new Dated(assessedOn, 2, seq++, admin(key(keyBase, "assessment", String.valueOf(year)),
                    base + "/assessments", Json.obj("year", year,
                            "scores", Json.obj("tc1", scores.get(0), "tc2", scores.get(1), "tc3", scores.get(2),
                                    "tc4", scores.get(3), "tc5", scores.get(4)),
                            "noOfficialDisciplined", clean, "assessedOn", assessedOn.toString(),
                            "note", "Kết quả đánh giá, chấm điểm tiếp cận pháp luật năm %d của %s".formatted(year, place)))));
        }
        items.sort(Comparator.comparing(Dated::date).thenComparingInt(Dated::rank).thenComparingInt(Dated::seq));
        return items.stream().map(Dated::request).toList();
    }

    private String activityType(LocalDate day) {
        // the review of the access-to-law self-assessment happens in the autumn, before the yearly assessment
        if (day.getMonthValue() >= 9 && random.nextDouble() < 0.35) {
            return "ACCESS_TO_LAW_REVIEW";
        }
        double r = random.nextDouble();
        return r < 0.40 ? "LEGAL_DISSEMINATION" : r < 0.62 ? "MEDIATOR_TRAINING" : r < 0.74 ? "LEGAL_BOOKCASE"
                : r < 0.90 ? "CIVIL_STATUS" : r < 0.95 ? "ACCESS_TO_LAW_REVIEW" : "OTHER";
    }

    private int participants(String type) {
        return switch (type) {
            case "LEGAL_DISSEMINATION" -> 40 + random.nextInt(141);
            case "MEDIATOR_TRAINING" -> 15 + random.nextInt(46);
            case "LEGAL_BOOKCASE" -> 2 + random.nextInt(7);
            case "CIVIL_STATUS" -> 2 + random.nextInt(11);
            case "ACCESS_TO_LAW_REVIEW" -> 5 + random.nextInt(21);
            default -> 10 + random.nextInt(51);
        };
    }

    private String description(String type, String place, LocalDate day) {
        return switch (type) {
            case "LEGAL_DISSEMINATION" -> "Tuyên truyền, phổ biến %s cho cán bộ và nhân dân %s"
                    .formatted(TOPICS[random.nextInt(TOPICS.length)], place);
            case "MEDIATOR_TRAINING" -> "Tập huấn kỹ năng hòa giải cho hòa giải viên các tổ hòa giải ở cơ sở của " + place;
            case "LEGAL_BOOKCASE" -> "Bổ sung %d đầu sách, tài liệu pháp luật cho tủ sách pháp luật của %s"
                    .formatted(10 + random.nextInt(31), place);
            case "CIVIL_STATUS" -> "Hướng dẫn nghiệp vụ đăng ký hộ tịch, chứng thực cho công chức Tư pháp – Hộ tịch " + place;
            case "ACCESS_TO_LAW_REVIEW" -> "Rà soát, hướng dẫn %s tự đánh giá, chấm điểm các tiêu chí tiếp cận pháp luật năm %d"
                    .formatted(place, day.getYear());
            default -> random.nextBoolean() ? "Trợ giúp pháp lý lưu động tại " + place
                    : "Kiểm tra công tác tư pháp – hộ tịch tại " + place;
        };
    }

    /** "Xã Song Mai" → "xã Song Mai", "Thị trấn Cầu Gồ" → "thị trấn Cầu Gồ": the name inside a sentence. */
    static String inText(String communeName) {
        if (communeName.startsWith("Thị trấn ")) {
            return "thị trấn " + communeName.substring("Thị trấn ".length());
        }
        return Character.toLowerCase(communeName.charAt(0)) + communeName.substring(1);
    }

    // --- task results ----------------------------------------------------------------------------------------

    private List<Chain> resultChains() {
        List<Unit> units = List.copyOf(reference.units());
        // one quarterly report per unit: its number and date are the evidence of all its results of the quarter
        Map<String, Integer> reportNumbers = new HashMap<>();
        units.forEach(u -> reportNumbers.put(u.id(), 5 + random.nextInt(30)));
        List<Chain> chains = new ArrayList<>();
        for (int q = 0; q < QUARTERS.size(); q++) {
            String period = QUARTERS.get(q);
            boolean lastQuarter = q == QUARTERS.size() - 1;
            double missing = new double[]{0.03, 0.04, 0.05, 0.12}[q];
            for (Unit unit : units) {
                int reportNo = reportNumbers.merge(unit.id(), 8 + random.nextInt(20), Integer::sum);
                LocalDate reportOn = workday(lastQuarter ? LocalDate.of(2018, 12, 12).plusDays(random.nextInt(9))
                        : LocalDate.of(2018, 3 * (q + 1), 1).plusMonths(1).plusDays(random.nextInt(10)));
                String evidence = "Báo cáo số %d/BC-%s ngày %s về kết quả công tác tư pháp quý %s năm 2018"
                        .formatted(reportNo, unit.id().substring(0, 3).equals("PTP") ? "PTP" : unit.id().substring(4),
                                vietnameseDate(reportOn), ROMAN[q]);
                for (KeyTaskDef task : Catalogue.KEY_TASKS) {
                    if (random.nextDouble() < missing) {
                        continue;
                    }
                    chains.add(resultChain(task, unit.id(), period, lastQuarter, evidence));
                }
            }
        }
        return chains;
    }

    private Chain resultChain(KeyTaskDef task, String unitId, String period, boolean lastQuarter, String evidence) {
        String resultId = String.join("~", Catalogue.ANNUAL, String.valueOf(task.taskNo()), unitId, period);
        String keyBase = String.join(":", "result", Catalogue.ANNUAL, String.valueOf(task.taskNo()), unitId, period);
        String resultPath = "/api/v1/task-results/" + resultId;
        List<DemoRequest> requests = new ArrayList<>();
        List<BigDecimal> numbers = new ArrayList<>();
        for (IndicatorDef indicator : task.indicators()) {
            numbers.add(value(indicator));
        }
        count("result");
        requests.add(new DemoRequest(key(keyBase, "record"),
                "/api/v1/movements/" + Catalogue.ANNUAL + "/key-tasks/" + task.taskNo() + "/results",
                Json.write(Json.obj("unitId", unitId, "period", period, "values", values(task, numbers),
                        "evidence", evidence)),
                subjectOf(unitId), DemoRequest.UNIT_REPORTER, unitId, "resultId", resultId));
        int corrections = 0;
        if (random.nextDouble() < 0.08) {
            numbers = adjusted(task, numbers);
            requests.add(correction(unitId, key(keyBase, "correct", String.valueOf(++corrections)), resultPath, task,
                    numbers, null, CORRECTION_REASONS[random.nextInt(CORRECTION_REASONS.length)]));
        }
        double review = random.nextDouble();
        double approve = lastQuarter ? 0.55 : 0.80;
        double giveBack = lastQuarter ? 0.08 : 0.11;
        if (review < approve) {
            requests.add(approval(key(keyBase, "approve"), resultPath));
        } else if (review < approve + giveBack) {
            count("return");
            requests.add(admin(key(keyBase, "return", "1"), resultPath + "/return",
                    Json.obj("reason", RETURN_REASONS[random.nextInt(RETURN_REASONS.length)])));
            if (random.nextDouble() < 0.85) {
                numbers = adjusted(task, numbers);
                requests.add(correction(unitId, key(keyBase, "correct", String.valueOf(++corrections)), resultPath,
                        task, numbers, evidence + " (bổ sung)", RESUBMIT_REASONS[random.nextInt(RESUBMIT_REASONS.length)]));
                if (random.nextDouble() < 0.9) {
                    requests.add(approval(key(keyBase, "approve"), resultPath));
                }
            }
        }
        return new Chain("result " + resultId, requests);
    }

    private DemoRequest correction(String unitId, String key, String resultPath, KeyTaskDef task, List<BigDecimal> numbers,
                                   String evidence, String reason) {
        count("correction");
        return new DemoRequest(key, resultPath + "/corrections",
                Json.write(Json.obj("values", values(task, numbers), "evidence", evidence, "reason", reason)),
                subjectOf(unitId), DemoRequest.UNIT_REPORTER, unitId, null, null);
    }

    private DemoRequest approval(String key, String resultPath) {
        count("approval");
        String note = random.nextDouble() < 0.4 ? APPROVAL_NOTES[random.nextInt(APPROVAL_NOTES.length)] : null;
        return admin(key, resultPath + "/approval", Json.obj("note", note));
    }

    private static List<Map<String, Object>> values(KeyTaskDef task, List<BigDecimal> numbers) {
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            values.add(Json.obj("code", task.indicators().get(i).code(), "value", numbers.get(i)));
        }
        return values;
    }

    /** A quarter's value: a percentage near its target, or about a quarter of a yearly count. */
    private BigDecimal value(IndicatorDef indicator) {
        double target = indicator.target().doubleValue();
        if (indicator.isPercentage()) {
            return BigDecimal.valueOf(Math.min(100, target * (0.86 + 0.16 * random.nextDouble())))
                    .setScale(1, RoundingMode.HALF_UP);
        }
        return BigDecimal.valueOf(Math.round(target / 4 * (0.5 + random.nextDouble())));
    }

    /** Corrected values: a count grows by a few, a percentage moves by up to three points (within 0–100). */
    private List<BigDecimal> adjusted(KeyTaskDef task, List<BigDecimal> numbers) {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            BigDecimal n = numbers.get(i);
            if (task.indicators().get(i).isPercentage()) {
                double moved = n.doubleValue() + (random.nextDouble() * 6 - 3);
                out.add(BigDecimal.valueOf(Math.max(0, Math.min(100, moved))).setScale(1, RoundingMode.HALF_UP));
            } else {
                out.add(n.add(BigDecimal.valueOf(1 + random.nextInt(3))));
            }
        }
        return out;
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static DemoRequest admin(String key, String path, Object body) {
        return new DemoRequest(key, path, Json.write(body), ADMIN_SUBJECT, DemoRequest.PROVINCE_ADMIN, null, null, null);
    }

    private static DemoRequest reporter(String unitId, String key, String path, Object body) {
        return new DemoRequest(key, path, Json.write(body), subjectOf(unitId), DemoRequest.UNIT_REPORTER, unitId,
                null, null);
    }

    /** A unit's reporter: {@code PTP-213} → {@code ptp-213}. */
    static String subjectOf(String unitId) {
        return unitId.toLowerCase(java.util.Locale.ROOT);
    }

    private static String key(String... parts) {
        return KEY_PREFIX + ":" + String.join(":", parts);
    }

    private LocalDate between(LocalDate first, LocalDate last) {
        long days = ChronoUnit.DAYS.between(first, last);
        return first.plusDays(days <= 0 ? 0 : random.nextLong(days + 1));
    }

    /** Offices sign on working days: a Saturday or Sunday moves to the Monday. */
    static LocalDate workday(LocalDate day) {
        return switch (day.getDayOfWeek()) {
            case SATURDAY -> day.plusDays(2);
            case SUNDAY -> day.plusDays(1);
            default -> day;
        };
    }

    private LocalDate workdayBetween(LocalDate first, LocalDate last) {
        LocalDate day = workday(between(first, last));
        while (day.isAfter(last) || day.getDayOfWeek().getValue() > 5) {
            day = day.minusDays(1);
        }
        return day;
    }

    private String pick(List<String> list) {
        return list.get(random.nextInt(list.size()));
    }

    private String pickOther(List<String> list, String not) {
        List<String> others = list.stream().filter(s -> !s.equals(not)).toList();
        return others.get(random.nextInt(others.size()));
    }

    private static BigDecimal halves(double score) {
        return BigDecimal.valueOf(Math.round(score * 2) / 2.0).setScale(1, RoundingMode.UNNECESSARY);
    }

    private static String vietnameseDate(LocalDate day) {
        return day.getDayOfMonth() + "/" + day.getMonthValue() + "/" + day.getYear();
    }

    private void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private int counted(String what) {
        return counts.getOrDefault(what, 0);
    }

    /** Two lists merged so that both advance at the same pace (the load mixes communes and results). */
    private static List<Chain> interleave(List<Chain> a, List<Chain> b) {
        List<Chain> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            boolean takeA = j >= b.size() || (i < a.size() && (long) i * b.size() <= (long) j * a.size());
            out.add(takeA ? a.get(i++) : b.get(j++));
        }
        return out;
    }
}
