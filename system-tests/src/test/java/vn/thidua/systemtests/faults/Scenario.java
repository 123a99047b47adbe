package vn.thidua.systemtests.faults;

import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.Unit;
import vn.thidua.systemtests.support.Tokens;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates rounds of work through every command of the API, from a seed. A round has its own three movements (an
 * annual one with key tasks, enrolments and task results under review; a multi-year one with commune support,
 * activities and criterion 18.5 assessments; a thematic one that is closed), so rounds are independent and any number
 * of them can run one after the other on the same system. Each round is two phases of chains: the commands of one
 * chain go one after the other (one aggregate, or facts the next command needs), the chains of a phase run at once.
 */
final class Scenario {

    /** The annual movement's key-task board is read for this period. */
    static final String PERIOD = "2018-Q1";
    static final List<String> ACTIVITY_TYPES = List.of("LEGAL_DISSEMINATION", "MEDIATOR_TRAINING", "LEGAL_BOOKCASE",
            "CIVIL_STATUS", "ACCESS_TO_LAW_REVIEW", "OTHER");
    /** What follows a recorded result: nothing, Approval, Return, Correction, in these orders. */
    private static final List<String> REVIEW_PATHS = List.of("", "A", "RCA", "C", "RC", "R");
    private static final List<BigDecimal> MAXIMA = List.of(BigDecimal.valueOf(15), BigDecimal.valueOf(30),
            BigDecimal.valueOf(25), BigDecimal.valueOf(10), BigDecimal.valueOf(20));

    /** How big a round is. */
    record Size(int units, int communes) {
    }

    /** A chain: commands sent one after the other. */
    record Chain(String name, List<Command> commands) {
    }

    /** One round: its phases, and the movements it creates. */
    record Round(int number, String annual, String multiYear, String thematic, List<List<Chain>> phases) {
        int commandCount() {
            return phases.stream().flatMap(List::stream).mapToInt(c -> c.commands().size()).sum();
        }
    }

    private final Random random;
    private final Size size;
    private final List<String> units;
    private final List<String> communes;

    Scenario(long seed, Size size) {
        this.random = new Random(seed);
        this.size = size;
        ReferenceData reference = ReferenceData.bacGiang();
        this.units = reference.units().stream().map(Unit::id).toList();
        this.communes = reference.communes().stream().map(Commune::code).toList();
    }

    synchronized Round round(int number) {
        String annual = "R" + number + "-TDTN";
        String multiYear = "R" + number + "-NTM";
        String thematic = "R" + number + "-CD";
        List<String> enrolled = pick(units, Math.min(size.units(), units.size()));
        List<Chain> movements = List.of(annualChain(number, annual, enrolled), multiYearChain(number, multiYear),
                thematicChain(number, thematic));
        List<Chain> work = new ArrayList<>();
        for (String unit : enrolled) {
            for (int task = 1; task <= 2; task++) {
                work.add(resultChain(number, annual, task, unit));
            }
        }
        for (String commune : pick(communes, size.communes())) {
            work.add(communeChain(number, multiYear, commune));
        }
        Collections.shuffle(work, random);
        return new Round(number, annual, multiYear, thematic, List.of(movements, work));
    }

    /** A movement registered alone: what the recovery probe sends. */
    static Command probe(String code) {
        return register("probe:" + code, code, "ANNUAL", "2018-01-01", "2018-12-31",
                "Phong trào kiểm tra khả năng phục hồi " + code);
    }

    // ------------------------------------------------------------------------------------------- movements

    private Chain annualChain(int round, String code, List<String> enrolled) {
        List<Command> commands = new ArrayList<>();
        commands.add(register(key(round, "register", code), code, "ANNUAL", "2018-01-01", "2018-12-31",
                "Toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ năm 2018 (" + code + ")"));
        commands.add(defineTask(round, code, 1, Map.of("TT1", BigDecimal.valueOf(100), "TT2", BigDecimal.valueOf(100))));
        commands.add(defineTask(round, code, 2, Map.of("TT3", BigDecimal.valueOf(100))));
        for (String unit : enrolled) {
            commands.add(enrol(round, code, unit, "2018-02-01"));
        }
        return new Chain("movement " + code, commands);
    }

    private Chain multiYearChain(int round, String code) {
        return new Chain("movement " + code, List.of(register(key(round, "register", code), code, "MULTI_YEAR",
                "2016-01-01", "2020-12-31", "Ngành Tư pháp chung sức xây dựng nông thôn mới (" + code + ")")));
    }

    private Chain thematicChain(int round, String code) {
        List<Command> commands = new ArrayList<>();
        commands.add(register(key(round, "register", code), code, "THEMATIC", "2018-03-01", "2018-09-30",
                "Thi đua chuyên đề phổ biến Luật Hòa giải ở cơ sở (" + code + ")"));
        for (String unit : pick(units, 2)) {
            commands.add(enrol(round, code, unit, "2018-03-15"));
        }
        String summary = "Tổng kết đợt thi đua chuyên đề " + code;
        commands.add(new Command(key(round, "close", code), "/api/v1/movements/" + code + "/closure",
                Map.of("closedOn", "2018-09-30", "summary", summary), Tokens.ADMIN_SUBJECT, Tokens.admin(), 202,
                f -> f.closed(code, "2018-09-30", summary)));
        return new Chain("movement " + code, commands);
    }

    private static Command register(String key, String code, String kind, String start, String end, String title) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("number", "02/KH-STP");
        plan.put("kind", "KH");
        plan.put("issuer", "Sở Tư pháp tỉnh Bắc Giang");
        plan.put("issuedOn", "2016-01-09");
        plan.put("title", "Kế hoạch phát động phong trào thi đua");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("title", title);
        body.put("kind", kind);
        body.put("periodStart", start);
        body.put("periodEnd", end);
        body.put("launchingPlan", plan);
        return new Command(key, "/api/v1/movements", body, Tokens.ADMIN_SUBJECT, Tokens.admin(), 201,
                f -> f.registered(code, kind));
    }

    private static Command defineTask(int round, String code, int taskNo, Map<String, BigDecimal> targets) {
        List<Map<String, Object>> indicators = new ArrayList<>();
        targets.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(t -> indicators.add(Map.of("code", t.getKey(),
                "name", "Chỉ tiêu " + t.getKey() + " được hoàn thành", "unitOfMeasure", "%", "target", t.getValue())));
        return new Command(key(round, "key-task", code, String.valueOf(taskNo)), "/api/v1/movements/" + code + "/key-tasks",
                Map.of("taskNo", taskNo, "title", "Nhiệm vụ trọng tâm " + taskNo + " (minh hoạ)", "indicators", indicators),
                Tokens.ADMIN_SUBJECT, Tokens.admin(), 201, f -> f.keyTaskDefined(code, taskNo, targets));
    }

    private static Command enrol(int round, String code, String unit, String on) {
        return new Command(key(round, "enrol", code, unit), "/api/v1/movements/" + code + "/enrolments",
                Map.of("unitId", unit, "enrolledOn", on, "pledgedTitle", "Tập thể lao động xuất sắc",
                        "pledges", "Hoàn thành 100% chỉ tiêu được giao"),
                Tokens.ADMIN_SUBJECT, Tokens.admin(), 201, f -> f.enrolled(code, unit));
    }

    // ------------------------------------------------------------------------------------------- task results

    /** Recorded by the unit's reporter, then one of the review paths: none, approved, returned and corrected, … */
    private Chain resultChain(int round, String movement, int taskNo, String unit) {
        String resultId = Fold.resultId(movement, taskNo, unit, PERIOD);
        List<String> codes = taskNo == 1 ? List.of("TT1", "TT2") : List.of("TT3");
        List<Command> commands = new ArrayList<>();
        Map<String, BigDecimal> first = values(codes);
        commands.add(new Command(key(round, "result", resultId, "record"),
                "/api/v1/movements/" + movement + "/key-tasks/" + taskNo + "/results",
                Map.of("unitId", unit, "period", PERIOD, "values", valueList(first), "evidence", "Báo cáo quý I của " + unit),
                Tokens.reporterSubject(unit), Tokens.reporter(unit), 201, f -> f.resultRecorded(resultId, first)));
        String path = "/api/v1/task-results/" + resultId;
        String reviews = REVIEW_PATHS.get(random.nextInt(REVIEW_PATHS.size()));
        int step = 0;
        for (char act : reviews.toCharArray()) {
            step++;
            switch (act) {
                case 'A' -> commands.add(new Command(key(round, "result", resultId, "approve"), path + "/approval",
                        Map.of("note", "Số liệu khớp báo cáo"), Tokens.ADMIN_SUBJECT, Tokens.admin(), 202,
                        f -> f.resultReviewed(resultId, "APPROVED")));
                case 'R' -> commands.add(new Command(key(round, "result", resultId, "return"), path + "/return",
                        Map.of("reason", "Thiếu tài liệu kiểm chứng"), Tokens.ADMIN_SUBJECT, Tokens.admin(), 202,
                        f -> f.resultReviewed(resultId, "RETURNED")));
                default -> {
                    Map<String, BigDecimal> corrected = values(codes);
                    commands.add(new Command(key(round, "result", resultId, "correct-" + step), path + "/corrections",
                            Map.of("values", valueList(corrected), "reason", "Bổ sung số liệu phát sinh cuối quý"),
                            Tokens.reporterSubject(unit), Tokens.reporter(unit), 202,
                            f -> f.resultCorrected(resultId, corrected)));
                }
            }
        }
        return new Chain("result " + resultId, commands);
    }

    /** Values in steps of 5 between 40 and 120: ratios to the targets of 100 are exact at four decimals. */
    private Map<String, BigDecimal> values(List<String> codes) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        codes.forEach(c -> values.put(c, BigDecimal.valueOf(40 + 5L * random.nextInt(17))));
        return values;
    }

    private static List<Map<String, Object>> valueList(Map<String, BigDecimal> values) {
        List<Map<String, Object>> list = new ArrayList<>();
        values.forEach((code, value) -> list.add(Map.of("code", code, "value", value)));
        return list;
    }

    // ------------------------------------------------------------------------------------------- commune support

    /**
     * A unit assigned, its activities, assessments of 2017 and maybe 2018; then maybe its support ended and another
     * unit assigned, or a second unit sharing the support.
     */
    private Chain communeChain(int round, String movement, String commune) {
        String communeId = Fold.communeId(movement, commune);
        String base = "/api/v1/movements/" + movement + "/communes/" + commune;
        List<String> two = pick(units, 2);
        String first = two.get(0);
        String second = two.get(1);
        List<Command> commands = new ArrayList<>();
        String since = LocalDate.of(2017, 1 + random.nextInt(6), 1).toString();
        commands.add(assign(round, communeId, base, first, since, false));
        int activities = 1 + random.nextInt(3);
        for (int i = 0; i < activities; i++) {
            commands.add(activity(round, communeId, base, first, randomDay("2017-07-01", "2018-12-28"), i));
        }
        commands.add(assess(round, communeId, base, 2017));
        if (random.nextBoolean()) {
            commands.add(assess(round, communeId, base, 2018));
        }
        switch (random.nextInt(4)) {
            case 1 -> {
                commands.add(new Command(key(round, "end", communeId, first), base + "/supporters/" + first + "/ending",
                        Map.of("endedOn", "2019-01-15", "reason", "Hết thời hạn phân công"), Tokens.ADMIN_SUBJECT,
                        Tokens.admin(), 202, f -> f.supportEnded(communeId, first, "2019-01-15")));
                commands.add(assign(round, communeId, base, second, "2019-02-01", false));
                commands.add(activity(round, communeId, base, second, randomDay("2019-03-01", "2019-09-30"), 9));
            }
            case 2 -> {
                commands.add(assign(round, communeId, base, second, "2018-01-01", true));
                commands.add(activity(round, communeId, base, second, randomDay("2018-02-01", "2018-10-31"), 9));
            }
            default -> {
                // the first unit alone
            }
        }
        return new Chain("commune " + communeId, commands);
    }

    private Command assign(int round, String communeId, String base, String unit, String since, boolean shared) {
        Map<String, Object> body = Map.of("unitId", unit, "decision", Map.of("number", "125/QĐ-STP", "issuedOn", "2016-12-15"),
                "supportFrom", since, "shared", shared);
        return new Command(key(round, "assign", communeId, unit), base + "/supporters", body, Tokens.ADMIN_SUBJECT,
                Tokens.admin(), 201, f -> f.supportAssigned(communeId, unit, since, shared));
    }

    private Command activity(int round, String communeId, String base, String unit, String heldOn, int index) {
        String type = ACTIVITY_TYPES.get(random.nextInt(ACTIVITY_TYPES.size()));
        int participants = 5 + random.nextInt(120);
        return new Command(key(round, "activity", communeId, unit, String.valueOf(index)), base + "/activities",
                Map.of("unitId", unit, "type", type, "heldOn", heldOn, "participants", participants,
                        "description", "Hoạt động giúp đỡ xã của " + unit),
                Tokens.reporterSubject(unit), Tokens.reporter(unit), 201,
                f -> f.activityRecorded(communeId, type, heldOn, participants));
    }

    /** Scores in half points: about half the communes pass. */
    private Command assess(int round, String communeId, String base, int year) {
        List<BigDecimal> scores = new ArrayList<>();
        for (BigDecimal max : MAXIMA) {
            int halfPoints = max.intValue() * 2;
            int low = halfPoints * 2 / 5;
            scores.add(BigDecimal.valueOf(low + random.nextInt(halfPoints - low + 1)).divide(BigDecimal.valueOf(2)));
        }
        boolean clean = random.nextInt(10) > 0;
        return new Command(key(round, "assess", communeId, String.valueOf(year)), base + "/assessments",
                Map.of("year", year, "scores", Map.of("tc1", scores.get(0), "tc2", scores.get(1), "tc3", scores.get(2),
                        "tc4", scores.get(3), "tc5", scores.get(4)), "noOfficialDisciplined", clean,
                        "assessedOn", year + "-12-10"),
                Tokens.ADMIN_SUBJECT, Tokens.admin(), 201, f -> f.assessed(communeId, year, scores, clean));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private String randomDay(String from, String to) {
        LocalDate first = LocalDate.parse(from);
        long days = java.time.temporal.ChronoUnit.DAYS.between(first, LocalDate.parse(to));
        return first.plusDays(random.nextLong(days + 1)).toString();
    }

    private <T> List<T> pick(List<T> from, int n) {
        List<T> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return List.copyOf(copy.subList(0, n));
    }

    private static String key(int round, String... parts) {
        return "faults:r" + round + ":" + String.join(":", parts);
    }
}
