package vn.thidua.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
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
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The events of the rebuild benchmark: a realistic mix of the domain, as the command side would have stored them.
 * <ul>
 *   <li><b>Movements</b> (first, before anything refers to them): annual movements, each registered, with
 *       {@value #TASKS} key tasks of 2–3 indicators and {@value #UNITS} enrolled units (the stack's synthetic
 *       units U100001 …); and {@value #MULTI_YEAR} multi-year movements (2016–2020).</li>
 *   <li><b>Task results</b> (~90 % of the events): one {@code TaskResult} aggregate per movement, task, unit and period
 *       (4 quarters and 12 months a year), period after period; 70 % recorded and approved, 15 % recorded, returned,
 *       corrected and approved, 5 % recorded, corrected and approved, 10 % only recorded.</li>
 *   <li><b>Commune support</b> (~10 %): one {@code CommuneSupport} aggregate per multi-year movement and commune (the
 *       province's 230 real commune codes): the assignment of a unit, then each year
 *       {@value #ACTIVITIES_PER_YEAR} activities and the year's criterion-18.5 assessment.</li>
 * </ul>
 * One event per commit, as every command of the command side appends one event. Payloads are the shared-events
 * records serialized like command-service's Axon {@code JacksonSerializer} (Jackson, JavaTimeModule, ISO dates);
 * metadata is the JSON of what the command side's correlation data provider copies from the caller (subject, role,
 * unitId, submissionId, correlationId, clientAddress). Deterministic: the same count gives the same aggregates.
 */
final class DomainLoad {

    static final int TASKS = 8;
    static final int UNITS = 250;
    static final int MULTI_YEAR = 4;
    static final int ACTIVITIES_PER_YEAR = 20;
    static final int PERIODS = 16;
    /** About one support script (106 events) per 424 result scripts (2.25 events): ~10 % of the events. */
    static final int RESULTS_PER_SUPPORT = 424;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String[] STRATEGIES = {
            "Nâng cao chất lượng hòa giải ở cơ sở", "Phổ biến, giáo dục pháp luật cho người dân",
            "Đăng ký, quản lý hộ tịch đúng hạn", "Kiểm tra, rà soát văn bản quy phạm pháp luật",
            "Trợ giúp pháp lý cho người có công", "Chứng thực bản sao đúng quy định",
            "Xây dựng xã, phường đạt chuẩn tiếp cận pháp luật", "Cải cách thủ tục hành chính"};
    private static final SupportActivityType[] ACTIVITY_TYPES = SupportActivityType.values();

    private final int annual;
    private final List<String> communes;

    private DomainLoad(int annual, List<String> communes) {
        this.annual = annual;
        this.communes = communes;
    }

    /** Enough annual movements for {@code events} events (each holds up to ~72,000 with its results). */
    static DomainLoad forEvents(long events) {
        long perMovement = 1 + TASKS + UNITS + (long) TASKS * UNITS * PERIODS * 225 / 100;
        int annual = (int) Math.max(2, Math.min(40, (events * 9 / 10 + perMovement - 1) / perMovement + 1));
        return new DomainLoad(annual, communeCodes());
    }

    int annualMovements() {
        return annual;
    }

    int communes() {
        return communes.size();
    }

    /** The scripts that register the movements (they come before everything else). */
    List<Script> movements() {
        List<Script> out = new ArrayList<>();
        for (int m = 0; m < annual; m++) {
            out.add(new AnnualMovement(m));
        }
        for (int s = 0; s < MULTI_YEAR; s++) {
            out.add(new MultiYearMovement(s));
        }
        return out;
    }

    static long eventsOf(List<Script> scripts) {
        return scripts.stream().mapToLong(Script::length).sum();
    }

    /**
     * The results and the support, interleaved, until {@code budget} events (the last script cut short: a result only
     * recorded, a support with fewer activities — both states the domain has).
     */
    Iterator<Script> rest(long budget) {
        return new Iterator<>() {
            long left = budget;
            long result;
            int support;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Script next() {
                if (left <= 0) {
                    throw new NoSuchElementException();
                }
                Script s;
                boolean supportTurn = result % RESULTS_PER_SUPPORT == RESULTS_PER_SUPPORT - 1 && support < MULTI_YEAR * communes.size();
                long results = (long) annual * TASKS * UNITS * PERIODS;
                if (supportTurn || result >= results) {
                    if (support >= MULTI_YEAR * communes.size()) {
                        throw new IllegalStateException("the domain mix holds fewer events than asked for");
                    }
                    s = new Support(support / communes.size(), communes.get(support % communes.size()), support);
                    support++;
                    if (supportTurn) {
                        result++; // this turn is spent
                    }
                } else {
                    // period after period: every movement, unit and task of a period, then the next period
                    long r = result++;
                    int task = (int) (r % TASKS);
                    int unit = (int) (r / TASKS % UNITS);
                    int movement = (int) (r / TASKS / UNITS % annual);
                    int period = (int) (r / TASKS / UNITS / annual);
                    s = new Result(movement, task + 1, unit, period);
                }
                if (s.length() > left) {
                    s = s.cut((int) left);
                }
                left -= s.length();
                return s;
            }
        };
    }

    // ------------------------------------------------------------------------------------------------ scripts

    /** One aggregate's events, appended in order by one writer. */
    abstract static class Script {
        int length;
        int next;

        abstract String aggregateType();

        abstract String aggregateId();

        /** The movement the aggregate belongs to (a movement's own stream: itself): what a report as of an instant folds. */
        abstract String movementId();

        /** The payload of event {@code i}. */
        abstract Object event(int i);

        /** Who sent the command of event {@code i}: a unit's reporter (its unit id) or the province (null). */
        String reporterUnit(int i) {
            return null;
        }

        int length() {
            return length;
        }

        Script cut(int to) {
            length = to;
            return this;
        }

        boolean done() {
            return next >= length;
        }

        /** The commit of the next event, ready for {@code MongoCommitLog.append}. */
        Commit nextCommit() {
            int i = next++;
            Object payload = event(i);
            String submission = UUID.randomUUID().toString();
            String unit = reporterUnit(i);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("subject", unit == null ? "bench-province-admin" : "bench-reporter-" + unit);
            meta.put("role", unit == null ? "PROVINCE_ADMIN" : "UNIT_REPORTER");
            if (unit != null) {
                meta.put("unitId", unit);
            }
            meta.put("submissionId", submission);
            meta.put("correlationId", UUID.randomUUID().toString());
            meta.put("clientAddress", "10.0.%d.%d".formatted(i % 7, (i * 31 + 7) % 250 + 1));
            try {
                StoredEvent e = new StoredEvent(UUID.randomUUID().toString(), i, payload.getClass().getName(), "1",
                        Instant.now().toString(), JSON.writeValueAsString(payload), JSON.writeValueAsString(meta));
                return new Commit(0, UUID.randomUUID().toString(), aggregateType(), aggregateId(), List.of(e), submission);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    static String annualId(int m) {
        return "BENCH-%d-%02d".formatted(year(m), m);
    }

    static int year(int m) {
        return 2000 + m % 25;
    }

    static String unitId(int u) {
        return "U" + (100_001 + u);
    }

    static final class AnnualMovement extends Script {
        private final int m;

        AnnualMovement(int m) {
            this.m = m;
            this.length = 1 + TASKS + UNITS;
        }

        @Override
        String aggregateType() {
            return "Movement";
        }

        @Override
        String aggregateId() {
            return annualId(m);
        }

        @Override
        String movementId() {
            return annualId(m);
        }

        @Override
        Object event(int i) {
            int y = year(m);
            if (i == 0) {
                return new MovementRegistered(aggregateId(), "Toàn ngành Tư pháp thi đua năm %d (đợt %d)".formatted(y, m),
                        MovementKind.ANNUAL, LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31),
                        new LegalDocument("%02d/KH-STP".formatted(m + 1), DocumentKind.KH, "Sở Tư pháp tỉnh Bắc Giang",
                                LocalDate.of(y, 1, 9), "Kế hoạch phát động phong trào thi đua năm " + y),
                        List.of(new LegalDocument("%d/QĐ-BTP".formatted(1100 + m), DocumentKind.QD, "Bộ Tư pháp",
                                LocalDate.of(y - 1, 12, 22), "Quyết định ban hành Kế hoạch thi đua của ngành Tư pháp năm " + y)));
            }
            if (i <= TASKS) {
                List<Indicator> indicators = new ArrayList<>();
                indicators.add(new Indicator("TT1", "Tỷ lệ hoàn thành chỉ tiêu", "%", new BigDecimal("85.5")));
                indicators.add(new Indicator("TT2", "Số cuộc tuyên truyền pháp luật", "cuộc", BigDecimal.valueOf(100 + i * 10)));
                if (i % 2 == 0) {
                    indicators.add(new Indicator("TT3", "Số vụ việc được giải quyết", "vụ", BigDecimal.valueOf(40 + i)));
                }
                return new KeyTaskDefined(aggregateId(), i, STRATEGIES[i - 1], indicators);
            }
            int u = i - 1 - TASKS;
            return new UnitEnrolled(aggregateId(), unitId(u), LocalDate.of(y, 2, 1 + u % 28), "Tập thể lao động xuất sắc",
                    "Hoàn thành 100% chỉ tiêu được giao; không có văn bản trái pháp luật");
        }
    }

    static String multiYearId(int s) {
        return "BENCH-NTM-2016-2020-" + s;
    }

    static final class MultiYearMovement extends Script {
        private final int s;

        MultiYearMovement(int s) {
            this.s = s;
            this.length = 1;
        }

        @Override
        String aggregateType() {
            return "Movement";
        }

        @Override
        String aggregateId() {
            return multiYearId(s);
        }

        @Override
        String movementId() {
            return multiYearId(s);
        }

        @Override
        Object event(int i) {
            return new MovementRegistered(aggregateId(), "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới (%d)".formatted(s),
                    MovementKind.MULTI_YEAR, LocalDate.of(2016, 1, 1), LocalDate.of(2020, 12, 31),
                    new LegalDocument("%02d/KH-STP".formatted(50 + s), DocumentKind.KH, "Sở Tư pháp tỉnh Bắc Giang",
                            LocalDate.of(2016, 3, 1), "Kế hoạch thực hiện phong trào giai đoạn 2016–2020"),
                    List.of());
        }
    }

    static String period(int m, int p) {
        int y = year(m);
        return p < 4 ? "%d-Q%d".formatted(y, p + 1) : "%d-%02d".formatted(y, p - 3);
    }

    static final class Result extends Script {
        private final int m;
        private final int task;
        private final int unit;
        private final int period;
        /** 0: recorded, approved; 1: recorded, returned, corrected, approved; 2: recorded, corrected, approved; 3: recorded */
        private final int pattern;

        Result(int m, int task, int unit, int period) {
            this.m = m;
            this.task = task;
            this.unit = unit;
            this.period = period;
            int h = Math.floorMod((m * 31 + task) * 7919 + unit * 104_729 + period * 1_299_709, 100);
            this.pattern = h < 70 ? 0 : h < 85 ? 1 : h < 90 ? 2 : 3;
            this.length = switch (pattern) {
                case 0 -> 2;
                case 1 -> 4;
                case 2 -> 3;
                default -> 1;
            };
        }

        @Override
        String aggregateType() {
            return "TaskResult";
        }

        @Override
        String aggregateId() {
            return annualId(m) + "~" + task + "~" + unitId(unit) + "~" + period(m, period);
        }

        @Override
        String movementId() {
            return annualId(m);
        }

        @Override
        String reporterUnit(int i) {
            String kind = kind(i);
            return kind.equals("recorded") || kind.equals("corrected") ? unitId(unit) : null;
        }

        private String kind(int i) {
            if (i == 0) {
                return "recorded";
            }
            return switch (pattern) {
                case 0 -> "approved";
                case 1 -> i == 1 ? "returned" : i == 2 ? "corrected" : "approved";
                default -> i == 1 ? "corrected" : "approved";
            };
        }

        @Override
        Object event(int i) {
            String id = aggregateId();
            String movement = annualId(m);
            String p = period(m, period);
            BigDecimal v1 = BigDecimal.valueOf(7000 + Math.floorMod(unit * 37 + period * 11 + task, 3000), 2);
            BigDecimal v2 = BigDecimal.valueOf(20 + Math.floorMod(unit + period * 3 + task * 5, 40));
            return switch (kind(i)) {
                case "recorded" -> new TaskResultRecorded(id, movement, task, unitId(unit), p,
                        List.of(new IndicatorValue("TT1", v1), new IndicatorValue("TT2", v2)),
                        "Báo cáo số %d/BC-%s ngày %s".formatted(10 + unit % 80, unitId(unit), p));
                case "returned" -> new TaskResultReturned(id, movement, task, unitId(unit), p,
                        "Thiếu tài liệu kiểm chứng chỉ tiêu TT2");
                case "corrected" -> new TaskResultCorrected(id, movement, task, unitId(unit), p,
                        List.of(new IndicatorValue("TT1", v1.add(BigDecimal.ONE)), new IndicatorValue("TT2", v2.add(BigDecimal.ONE))),
                        "Báo cáo số %d/BC-%s (bổ sung)".formatted(10 + unit % 80, unitId(unit)),
                        "Bổ sung số liệu cuối kỳ");
                default -> new TaskResultApproved(id, movement, task, unitId(unit), p, "Số liệu khớp báo cáo");
            };
        }
    }

    static final class Support extends Script {
        private final int s;
        private final String commune;
        private final String unit;

        Support(int s, String commune, int index) {
            this.s = s;
            this.commune = commune;
            this.unit = unitId(index % UNITS);
            this.length = 1 + 5 * (ACTIVITIES_PER_YEAR + 1);
        }

        @Override
        String aggregateType() {
            return "CommuneSupport";
        }

        @Override
        String aggregateId() {
            return multiYearId(s) + "~" + commune;
        }

        @Override
        String movementId() {
            return multiYearId(s);
        }

        @Override
        String reporterUnit(int i) {
            return i > 0 && (i - 1) % (ACTIVITIES_PER_YEAR + 1) < ACTIVITIES_PER_YEAR ? unit : null;
        }

        @Override
        Object event(int i) {
            String movement = multiYearId(s);
            if (i == 0) {
                return new CommuneSupportAssigned(movement, commune, unit,
                        new AssignmentDecision("%d/QĐ-STP".formatted(100 + s), LocalDate.of(2016, 3, 15)),
                        LocalDate.of(2016, 4, 1), false);
            }
            int year = 2016 + (i - 1) / (ACTIVITIES_PER_YEAR + 1);
            int k = (i - 1) % (ACTIVITIES_PER_YEAR + 1);
            if (k < ACTIVITIES_PER_YEAR) {
                return new SupportActivityRecorded(movement, commune, unit, UUID.randomUUID().toString(),
                        ACTIVITY_TYPES[Math.floorMod(i + commune.hashCode(), ACTIVITY_TYPES.length)],
                        LocalDate.of(year, 1 + k % 12, 1 + k % 28), 20 + (i * 7) % 60,
                        "Tập huấn kỹ năng hòa giải cho tổ hòa giải các thôn (%d)".formatted(k + 1));
            }
            BigDecimal tc1 = BigDecimal.valueOf(10 + i % 6);
            BigDecimal tc2 = new BigDecimal("27.5");
            BigDecimal tc3 = BigDecimal.valueOf(15 + (i + commune.length()) % 8);
            BigDecimal tc4 = BigDecimal.valueOf(9);
            BigDecimal tc5 = BigDecimal.valueOf(18);
            BigDecimal total = tc1.add(tc2).add(tc3).add(tc4).add(tc5);
            return new CommuneCriterionAssessed(movement, commune, year, new CriterionScores(tc1, tc2, tc3, tc4, tc5),
                    total, true, total.compareTo(BigDecimal.valueOf(80)) >= 0, "QD619-2017/v1", LocalDate.of(year, 12, 10),
                    "Đánh giá năm " + year);
        }
    }

    /** The province's commune codes (the reference list the services load). */
    private static List<String> communeCodes() {
        try (InputStream in = DomainLoad.class.getResourceAsStream("/reference/admin-units-bac-giang-2017-10-15.csv")) {
            if (in != null) {
                List<String> codes = new ArrayList<>();
                String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
                for (int i = 1; i < lines.length; i++) {
                    String[] f = lines[i].split(",");
                    if (f.length >= 3) {
                        codes.add(f[2].trim());
                    }
                }
                return codes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            codes.add("%05d".formatted(7201 + 3 * i));
        }
        return codes;
    }
}
