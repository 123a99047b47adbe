package vn.thidua.query.benchmark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
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
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.testing.Infrastructure;
import vn.thidua.query.QueryServiceApplication;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.support.TestTokens;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.security.Role;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board-query benchmark at national scale (issue #4): 10,000 communes in 700 districts, 700 units, a movement
 * with 8 key tasks and results of every unit for every task in 40 periods (224,000 results), and a multi-year movement
 * supporting every commune. The data is written through the real projections into the MongoDB-wire server; the
 * queries go over HTTP to the whole query-service. Prints p50 / p99 / max of each board page and export.
 * <p>
 * Opt-in: {@code ./bench.sh boards} (= {@code ./mvnw -pl query-service -am test -Dbenchmarks=true
 * -Dtest=BoardQueryBenchmark -Dsurefire.failIfNoSpecifiedTests=false}). Only sanity is asserted, never a time.
 */
@EnabledIfSystemProperty(named = "benchmarks", matches = "true", disabledReason = "benchmark; run with ./bench.sh boards")
class BoardQueryBenchmark {

    static final int DISTRICTS = Integer.getInteger("bench.districts", 700);
    static final int COMMUNES = Integer.getInteger("bench.communes", 10_000);
    static final int PERIODS = Integer.getInteger("bench.periods", 40);
    static final int ITERATIONS = Integer.getInteger("bench.iterations", 200);
    static final String NTM = "NTM-NATIONAL";
    static final String TD = "TD-NATIONAL";

    final HttpClient http = HttpClient.newHttpClient();
    int port;

    static void log(String format, Object... args) {
        System.out.printf("[boards] " + format + "%n", args);
    }

    @Test
    void board_queries_at_national_scale() throws Exception {
        Path dir = Files.createTempDirectory("thidua-boards-");
        Path admin = dir.resolve("admin-units-national.csv");
        Path units = dir.resolve("units-national.csv");
        StringBuilder a = new StringBuilder("district_code,district,commune_code,commune,type\n");
        for (int c = 1; c <= COMMUNES; c++) {
            int d = 1 + (c - 1) % DISTRICTS;
            a.append("%03d,Huyện Thử %d,%05d,Xã Thử Nghiệm %d,xa%n".formatted(d, d, c, c));
        }
        Files.writeString(admin, a);
        StringBuilder u = new StringBuilder("unit_id,name,kind,district_code\n");
        for (int d = 1; d <= DISTRICTS; d++) {
            u.append("PTP-%03d,Phòng Tư pháp huyện Thử %d,DISTRICT_OFFICE,%03d%n".formatted(d, d, d));
        }
        Files.writeString(units, u);
        String db = Infrastructure.uniqueName("boards_bench");
        // As in production (the launcher's child process, the same JVM options), unless -Dbench.mongo=in-jvm: then the
        // server shares this JVM (and its GC pauses) with the service and the client, as in the earliest runs of this benchmark.
        boolean inJvm = "in-jvm".equals(System.getProperty("bench.mongo"));
        Process mongoProcess = null;
        String mongoUri;
        if (inJvm) {
            mongoUri = Infrastructure.mongoUri();
        } else {
            mongoProcess = startMongoProcess(dir.resolve("mongo"));
            mongoUri = awaitReady(mongoProcess);
        }
        log("MongoDB-wire server: %s (%s)", mongoUri, inJvm ? "in this JVM" : "own process, -Xmx1g -XX:+UseParallelGC");
        try {
            run(dir, admin, units, db, mongoUri, mongoProcess);
        } finally {
            if (mongoProcess != null) {
                mongoProcess.destroy();
                mongoProcess.waitFor();
            }
        }
    }

    /** The embedded server as {@code LocalStack} starts it: its own JVM on this classpath, a fresh data directory, a free port. */
    static Process startMongoProcess(Path data) throws java.io.IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
                "-cp", System.getProperty("java.class.path"), vn.thidua.embeddedmongo.EmbeddedMongoMain.class.getName(),
                "--data-dir", data.toString(), "--port", "0", "--host", "127.0.0.1");
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static String awaitReady(Process process) throws Exception {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String prefix = vn.thidua.embeddedmongo.EmbeddedMongoMain.READY_PREFIX;
        for (String line; (line = reader.readLine()) != null; ) {
            int at = line.indexOf(prefix);
            if (at >= 0) {
                String uri = line.substring(at + prefix.length()).trim();
                Thread drain = new Thread(() -> reader.lines().forEach(l -> { }), "mongo-output");
                drain.setDaemon(true);
                drain.start();
                return uri;
            }
        }
        throw new IllegalStateException("the MongoDB-wire server exited before it was ready: " + process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS));
    }

    void run(Path dir, Path admin, Path units, String db, String mongoUri, Process mongoProcess) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--spring.data.mongodb.uri=" + mongoUri,
                "--thidua.mongodb.database=" + db, "--thidua.kafka.bootstrap-servers=" + Infrastructure.kafkaBootstrap(),
                "--thidua.stream.topic=" + db, "--thidua.stream.group=" + db,
                "--thidua.reference.admin-units=" + admin, "--thidua.reference.units=" + units,
                // one caller sends thousands of queries a minute here: the rate limit is not what is measured
                "--thidua.security.requests-per-minute=100000000",
                "--logging.level.root=warn"));
        args.addAll(TestTokens.arguments());
        try (ConfigurableApplicationContext service = QueryServiceApplication.application().run(args.toArray(String[]::new))) {
            port = ((WebServerApplicationContext) service).getWebServer().getPort();
            long t0 = System.nanoTime();
            int events = load(service);
            log("loaded %,d events through the projections in %.1f s (%d districts, %,d communes, %d units, %d periods)",
                    events, (System.nanoTime() - t0) / 1e9, DISTRICTS, COMMUNES, DISTRICTS, PERIODS);

            awaitQuiet(mongoProcess);
            whereTheTimeGoes(service);
            List<String> pages = List.of("/api/v1/reports/communes?movementId=" + NTM + "&size=50",
                    "/api/v1/reports/communes?movementId=" + NTM + "&district=002&size=50",
                    "/api/v1/reports/communes?movementId=" + NTM + "&q=thu%20nghiem%2042",
                    "/api/v1/reports/communes?movementId=" + NTM + "&status=SUPPORTED&page=1&size=50",
                    "/api/v1/reports/communes?movementId=" + NTM + "&unitId=PTP-002&size=50",
                    "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q3&size=50",
                    "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q4&unitId=PTP-002");
            // steady state, as a service that has been answering for a while: every page query once through the
            // HTTP/JSON path before any is measured (otherwise the first one measured pays for that path's JIT)
            for (int round = 0; round < 20; round++) {
                for (String path : pages) {
                    warm(path);
                }
            }
            measure("support board, page 1 of 50", "/api/v1/reports/communes?movementId=" + NTM + "&size=50", ITERATIONS);
            measure("support board, one district", "/api/v1/reports/communes?movementId=" + NTM + "&district=%03d&size=50".formatted(Math.min(350, DISTRICTS)), ITERATIONS);
            measure("support board, name search", "/api/v1/reports/communes?movementId=" + NTM + "&q=thu%20nghiem%20" + (COMMUNES - 1), ITERATIONS);
            measure("support board, status filter page 3", "/api/v1/reports/communes?movementId=" + NTM + "&status=PASSED&year=2018&page=2&size=50", ITERATIONS);
            measure("support board, filter on a unit", "/api/v1/reports/communes?movementId=" + NTM + "&unitId=PTP-001&size=50", ITERATIONS);
            measure("key-task board, page 1 of 50", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1&size=50", ITERATIONS);
            measure("key-task board, one unit", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q2&unitId=PTP-%03d".formatted(Math.min(350, DISTRICTS)), ITERATIONS);
            measure("support board CSV (10,000 rows)", "/api/v1/reports/communes?movementId=" + NTM, ITERATIONS / 10, "text/csv");
            measure("support board XLSX (10,000 rows)", "/api/v1/reports/communes?movementId=" + NTM, ITERATIONS / 10,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            measure("key-task board CSV (5,600 rows)", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1", ITERATIONS / 10, "text/csv");
            measure("key-task board XLSX (5,600 rows)", "/api/v1/reports/key-tasks?movementId=" + TD + "&period=2018-Q1", ITERATIONS / 10,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            Runtime rt = Runtime.getRuntime();
            log("heap used after the run: %d MB (this JVM holds the service and the client%s)",
                    (rt.totalMemory() - rt.freeMemory()) >> 20, "in-jvm".equals(System.getProperty("bench.mongo")) ? " and the MongoDB-wire server" : "");
        }
    }

    /**
     * Before measuring: the server finishes what the bulk load left it (its idle compaction of the file runs right after
     * the writes stop, for seconds at this size) and this JVM collects the load's garbage, so neither lands in the
     * first queries measured. Waits until the server's process used under 5 % of a core over one second (at most 3 min).
     */
    static void awaitQuiet(Process mongo) throws Exception {
        long t0 = System.nanoTime();
        if (mongo != null) {
            Path stat = Path.of("/proc/" + mongo.pid() + "/stat");
            long hz = 100; // USER_HZ on Linux
            long[] last = {cpuTicks(stat)};
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(3))
                        .pollDelay(java.time.Duration.ofSeconds(1)).pollInterval(java.time.Duration.ofSeconds(1))
                        .until(() -> {
                            long now = cpuTicks(stat);
                            boolean quiet = now < 0 || (now - last[0]) * 100 / hz < 5;
                            last[0] = now;
                            return quiet;
                        });
            } catch (org.awaitility.core.ConditionTimeoutException stillBusy) {
                log("the server was still busy after 3 min: measuring anyway");
            }
        }
        System.gc();
        log("server quiet and this JVM collected after %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    /** utime + stime of a process in clock ticks, -1 where /proc is not there. */
    static long cpuTicks(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The key-task board's page, split: the read of the period's board document alone, and the whole query in-process. */
    void whereTheTimeGoes(ConfigurableApplicationContext service) {
        var boards = service.getBean(com.mongodb.client.MongoDatabase.class).getCollection(TaskResultsProjection.BOARDS);
        var board = service.getBean(vn.thidua.query.taskboard.KeyTaskBoard.class);
        String id = TaskResultsProjection.boardId(TD, "2018-Q1");
        double[] keyTask = medians(
                () -> boards.find(com.mongodb.client.model.Filters.eq("_id", id)).first(),
                () -> board.query(vn.thidua.query.taskboard.KeyTaskBoardQuery.of(TD, "2018-Q1", "APPROVED")));
        log("key-task board in-process: read of the period's document p50 %.1f ms; whole query (read + rank) p50 %.1f ms",
                keyTask[0], keyTask[1]);
        var support = service.getBean(vn.thidua.query.supportboard.SupportBoard.class);
        double[] supportBoard = medians(
                () -> support.query(vn.thidua.query.supportboard.SupportBoardQuery.of(NTM), 0, 50),
                () -> support.query(new vn.thidua.query.supportboard.SupportBoardQuery(NTM, null, null, null, 2018, "PASSED", null, null), 2, 50));
        log("support board in-process (no HTTP, no JSON): page 1 p50 %.1f ms; status filter page 3 p50 %.1f ms",
                supportBoard[0], supportBoard[1]);
    }

    /** The median in milliseconds of each action over 50 rounds (all actions once per round), after 10 rounds of warm-up. */
    static double[] medians(Runnable... actions) {
        long[][] nanos = new long[actions.length][50];
        for (int round = -10; round < 50; round++) {
            for (int a = 0; a < actions.length; a++) {
                long t = System.nanoTime();
                actions[a].run();
                if (round >= 0) {
                    nanos[a][round] = System.nanoTime() - t;
                }
            }
        }
        double[] medians = new double[actions.length];
        for (int a = 0; a < actions.length; a++) {
            Arrays.sort(nanos[a]);
            medians[a] = nanos[a][25] / 1e6;
        }
        return medians;
    }

    int load(ConfigurableApplicationContext service) {
        // the live read models (generation 0: nothing has been rebuilt in this fresh database)
        var database = service.getBean(com.mongodb.client.MongoDatabase.class);
        MovementCatalogueProjection catalogue = new MovementCatalogueProjection(database);
        SupportBoardProjection support = new SupportBoardProjection(database, service.getBean(vn.thidua.reference.ReferenceData.class));
        TaskResultsProjection results = new TaskResultsProjection(database);
        LegalDocument plan = new LegalDocument("02/KH-BTP", DocumentKind.KH, "Bộ Tư pháp", LocalDate.of(2018, 1, 9), "Kế hoạch thi đua");
        AggregateStream ntm = AggregateStream.of("Movement", NTM).then(new MovementRegistered(NTM, "Ngành Tư pháp chung sức xây dựng nông thôn mới",
                MovementKind.MULTI_YEAR, LocalDate.of(2016, 1, 1), LocalDate.of(2020, 12, 31), plan, List.of()));
        AggregateStream td = AggregateStream.of("Movement", TD).then(new MovementRegistered(TD, "Thi đua toàn ngành 2018–2020",
                MovementKind.ANNUAL, LocalDate.of(2018, 1, 1), LocalDate.of(2020, 12, 31), plan, List.of()));
        List<KeyTaskDefined> tasks = new ArrayList<>();
        for (int t = 1; t <= 8; t++) {
            KeyTaskDefined task = new KeyTaskDefined(TD, t, "Nhiệm vụ trọng tâm " + t + " (minh hoạ)", List.of(
                    new Indicator("TT1", "Tỷ lệ hoàn thành", "%", BigDecimal.valueOf(100)),
                    new Indicator("TT2", "Số cuộc", "cuộc", BigDecimal.valueOf(10L * t))));
            tasks.add(task);
            td.then(task);
        }
        for (int d = 1; d <= DISTRICTS; d++) {
            td.then(new UnitEnrolled(TD, "PTP-%03d".formatted(d), LocalDate.of(2018, 2, 1), "Tập thể lao động xuất sắc", null));
        }
        catalogue.apply(ntm.events());
        catalogue.apply(td.events());
        int events = ntm.events().size() + td.events().size();

        Random random = new Random(7);
        List<DomainEvent> batch = new ArrayList<>();
        for (int c = 1; c <= COMMUNES; c++) {
            String code = "%05d".formatted(c);
            String unit = "PTP-%03d".formatted(1 + (c - 1) % DISTRICTS);
            AggregateStream s = AggregateStream.of("CommuneSupport", NTM + "~" + code)
                    .then(new CommuneSupportAssigned(NTM, code, unit, new AssignmentDecision("1/QĐ", LocalDate.of(2017, 1, 2)),
                            LocalDate.of(2017, 2, 1), false));
            for (int k = 0; k < 3; k++) {
                s.then(new SupportActivityRecorded(NTM, code, unit, "a" + k, SupportActivityType.values()[random.nextInt(6)],
                        LocalDate.of(2018, 1 + random.nextInt(12), 1 + random.nextInt(28)), random.nextInt(80), "Hoạt động"));
            }
            for (int year : new int[]{2017, 2018}) {
                CriterionScores sc = new CriterionScores(BigDecimal.valueOf(10 + random.nextInt(6)), BigDecimal.valueOf(20 + random.nextInt(11)),
                        BigDecimal.valueOf(15 + random.nextInt(11)), BigDecimal.valueOf(6 + random.nextInt(5)), BigDecimal.valueOf(12 + random.nextInt(9)));
                s.then(new CommuneCriterionAssessed(NTM, code, year, sc, sc.total(), true, sc.total().intValue() >= 80, "QD619-2017/v1",
                        LocalDate.of(year, 12, 10), null));
            }
            batch.addAll(s.events());
            if (batch.size() >= 1_000) {
                events += flush(support, batch);
            }
        }
        events += flush(support, batch);
        List<String> periods = new ArrayList<>(List.of("2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"));
        for (int y = 2018; periods.size() < PERIODS; y++) {
            for (int m = 1; m <= 12 && periods.size() < PERIODS; m++) {
                periods.add("%d-%02d".formatted(y, m));
            }
        }
        periods = periods.subList(0, Math.min(PERIODS, periods.size()));
        for (String period : periods) {
            for (int d = 1; d <= DISTRICTS; d++) {
                String unit = "PTP-%03d".formatted(d);
                for (KeyTaskDefined task : tasks) {
                    String id = TD + "~" + task.taskNo() + "~" + unit + "~" + period;
                    AggregateStream s = AggregateStream.of("TaskResult", id)
                            .then(new TaskResultRecorded(id, TD, task.taskNo(), unit, period, List.of(
                                    new IndicatorValue("TT1", BigDecimal.valueOf(random.nextInt(120))),
                                    new IndicatorValue("TT2", BigDecimal.valueOf(random.nextInt(12 * task.taskNo())))), "Báo cáo"));
                    if (random.nextInt(4) > 0) {
                        s.then(new TaskResultApproved(id, TD, task.taskNo(), unit, period, null));
                    }
                    batch.addAll(s.events());
                }
            }
            events += flush(results, batch);
            log("  results of %s stored", period);
        }
        return events;
    }

    static int flush(vn.thidua.projection.Projection projection, List<DomainEvent> batch) {
        int n = batch.size();
        for (int i = 0; i < batch.size(); i += 2_000) {
            projection.apply(batch.subList(i, Math.min(batch.size(), i + 2_000)));
        }
        batch.clear();
        return n;
    }

    void warm(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "application/json")
                .header("Authorization", TestTokens.bearer(TestTokens.token(Role.ANALYST))).GET().build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(200);
    }

    void measure(String what, String path, int iterations) throws Exception {
        measure(what, path, iterations, "application/json");
    }

    void measure(String what, String path, int iterations, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept)
                .header("Authorization", TestTokens.bearer(TestTokens.token(Role.ANALYST))).GET().build();
        int warmup = Math.max(5, iterations / 4);
        long bytes = 0;
        for (int i = 0; i < warmup; i++) {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as(what).isEqualTo(200);
        }
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - t;
            assertThat(r.statusCode()).as(what).isEqualTo(200);
            bytes = r.body().length;
        }
        Arrays.sort(nanos);
        log("%-36s n=%4d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%,d bytes)", what, iterations,
                nanos[iterations / 2] / 1e6, nanos[Math.min(iterations - 1, (int) Math.ceil(iterations * 0.99) - 1)] / 1e6,
                nanos[iterations - 1] / 1e6, bytes);
    }
}
