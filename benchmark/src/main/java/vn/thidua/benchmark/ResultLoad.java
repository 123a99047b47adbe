package vn.thidua.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code RecordTaskResult} load: the results of {@code units} enrolled units for the {@code tasks} key tasks of each
 * movement in the {@link #PERIODS} of 2018 — every result recorded once, so each command is a new {@code TaskResult}
 * aggregate and stores exactly one event ({@code TaskResultRecorded}). Recording a result a second time is refused
 * ({@code result-already-recorded}); a correction would be another command, so the load never repeats one.
 * <p>
 * Order (as the rebuild benchmark's {@link DomainLoad}): period after period; within a period movement after movement;
 * within a movement unit after unit, each unit all its tasks. A shared counter hands out the next result to whichever
 * client is free, so the 16 clients write neighbouring cells of the same period board — different aggregates, no lock
 * shared (each command only reads its movement's facts). What the rules of the aggregate need, the setup did through
 * the API: the movement registered (ANNUAL, 2018, so every period is inside it), its key tasks defined (the values name
 * exactly the task's indicators), the unit enrolled; the unit is one of the stack's synthetic units ({@code U100001 …}),
 * and the command is sent with the token of that unit's {@code UNIT_REPORTER} (the only role allowed to record, and
 * only for its own unit) and, unless {@code --no-idempotency-key}, an {@code Idempotency-Key} as a reporter's client
 * would send to make the POST safe to retry.
 */
final class ResultLoad {

    /** The reporting periods of the movements' year: each month, and each quarter after its third month. */
    static final List<String> PERIODS = List.of("2018-01", "2018-02", "2018-03", "2018-Q1", "2018-04", "2018-05",
            "2018-06", "2018-Q2", "2018-07", "2018-08", "2018-09", "2018-Q3", "2018-10", "2018-11", "2018-12", "2018-Q4");
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> movements;
    final int tasks;
    final int units;
    private final String[] resultPaths;
    private final String[] unitIds;
    private final String[] reporters;
    private final boolean idempotencyKey;
    private final long capacity;
    private final AtomicLong next = new AtomicLong();

    /** @param tokens mints the reporters' tokens, one per unit */
    ResultLoad(List<String> movements, int tasks, int units, BenchTokens tokens, boolean idempotencyKey) {
        this.movements = List.copyOf(movements);
        this.tasks = tasks;
        this.units = units;
        this.idempotencyKey = idempotencyKey;
        this.capacity = (long) movements.size() * tasks * units * PERIODS.size();
        this.resultPaths = movements.stream().map(m -> "/api/v1/movements/" + m + "/key-tasks/").toArray(String[]::new);
        this.unitIds = new String[units];
        this.reporters = new String[units];
        for (int u = 0; u < units; u++) {
            unitIds[u] = unitId(u);
            reporters[u] = "Bearer " + tokens.reporter(unitIds[u]);
        }
    }

    /** The synthetic unit {@code u} (0-based) of the stack's unit list. */
    static String unitId(int u) {
        return "U" + (100_001 + u);
    }

    long capacity() {
        return capacity;
    }

    /** Results handed out so far (accepted or not). */
    long taken() {
        return Math.min(next.get(), capacity);
    }

    boolean exhausted() {
        return next.get() >= capacity;
    }

    /** The next result to record; null when every result of the plan was handed out. */
    Command next() {
        long i = next.getAndIncrement();
        if (i >= capacity) {
            return null;
        }
        int t = (int) (i % tasks);
        int u = (int) (i / tasks % units);
        int m = (int) (i / tasks / units % movements.size());
        int p = (int) (i / tasks / units / movements.size());
        String movement = movements.get(m);
        String unit = unitIds[u];
        String period = PERIODS.get(p);
        int taskNo = t + 1;
        StringBuilder body = new StringBuilder(256).append("{\"unitId\":\"").append(unit).append("\",\"period\":\"")
                .append(period).append("\",\"values\":[{\"code\":\"TT1\",\"value\":")
                .append(BigDecimal.valueOf(7000 + Math.floorMod(u * 37 + p * 11 + t, 3000), 2).toPlainString())
                .append("},{\"code\":\"TT2\",\"value\":").append(20 + Math.floorMod(u + p * 3 + t * 5, 40)).append('}');
        if (taskNo % 2 == 0) {
            body.append(",{\"code\":\"TT3\",\"value\":").append(10 + Math.floorMod(u * 7 + p + t, 50)).append('}');
        }
        body.append("],\"evidence\":\"Báo cáo số ").append(10 + u % 80).append("/BC-").append(unit).append(" kỳ ")
                .append(period).append(": kết quả thực hiện nhiệm vụ trọng tâm số ").append(taskNo).append("\"}");
        String key = idempotencyKey ? "bench-" + movement + "~" + taskNo + "~" + unit + "~" + period : null;
        return new Command(movement, taskNo, unit, period, resultPaths[m] + taskNo + "/results", body.toString(),
                reporters[u], key);
    }

    /** The body of {@code DefineKeyTask} {@code taskNo}: 2 indicators, 3 for even task numbers (as DomainLoad). */
    static String keyTask(int taskNo) {
        StringBuilder b = new StringBuilder("{\"taskNo\":").append(taskNo)
                .append(",\"title\":\"Nhiệm vụ trọng tâm ").append(taskNo)
                .append(" (đo tải): nâng cao chất lượng công tác tư pháp\",\"indicators\":[")
                .append("{\"code\":\"TT1\",\"name\":\"Tỷ lệ hoàn thành chỉ tiêu\",\"unitOfMeasure\":\"%\",\"target\":85.5},")
                .append("{\"code\":\"TT2\",\"name\":\"Số cuộc tuyên truyền pháp luật\",\"unitOfMeasure\":\"cuộc\",\"target\":")
                .append(100 + taskNo * 10).append('}');
        if (taskNo % 2 == 0) {
            b.append(",{\"code\":\"TT3\",\"name\":\"Số vụ việc được giải quyết\",\"unitOfMeasure\":\"vụ\",\"target\":")
                    .append(40 + taskNo).append('}');
        }
        return b.append("]}").toString();
    }

    /**
     * One {@code RecordTaskResult}, and what shows it in the query API: the key-task board of its movement and period
     * narrowed to its unit ({@code unitId=…&size=1}: the query still reads the movement's catalogue entry and the
     * period's board document — point reads — and ranks every unit, but answers one row), where the task's cell turns
     * from {@code NOT_REPORTED} to the result's status. No endpoint reads one task result by id; this is the cheapest
     * read of the task results read model that shows it.
     *
     * @param resource      the POST path
     * @param authorization the unit's reporter token, with its scheme
     * @param key           the Idempotency-Key, or null
     */
    record Command(String movementId, int taskNo, String unitId, String period, String resource, String body,
                   String authorization, String key) implements FreshnessProbe.Check {

        @Override
        public String path() {
            return "/api/v1/reports/key-tasks?movementId=" + movementId + "&period=" + period + "&unitId=" + unitId
                    + "&size=1";
        }

        @Override
        public boolean visible(String answer) {
            try {
                for (JsonNode row : JSON.readTree(answer).path("items")) {
                    if (unitId.equals(row.path("unitId").asText())) {
                        for (JsonNode cell : row.path("cells")) {
                            if (cell.path("taskNo").asInt() == taskNo) {
                                String status = cell.path("status").asText("NOT_REPORTED");
                                return !status.equals("NOT_REPORTED");
                            }
                        }
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
