package vn.thidua.systemtests.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;
import vn.thidua.systemtests.support.Api;
import vn.thidua.systemtests.support.Tokens;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pass criteria after a fault, against the {@link Fold} of every command accepted so far on this stack:
 * <ol>
 *   <li>the event log (read straight from MongoDB) holds every accepted command exactly once, and nothing else;</li>
 *   <li>the topic (as a read-committed consumer sees it) carries every event of the log, and no stream's events go
 *       backwards within its partition (a copy of an event already read, sent again after a crash, is allowed: the
 *       consumers skip it by its sequence);</li>
 *   <li>every projection applied every event once: the audit log lists each event once; the catalogue, the key-task
 *       board and the support board equal the fold;</li>
 *   <li>the log's integrity check passes.</li>
 * </ol>
 */
final class Verifier {

    private final Stack stack;
    private final Fold fold;
    private final Observations observations;

    Verifier(Stack stack, Fold fold, Observations observations) {
        this.stack = stack;
        this.fold = fold;
        this.observations = observations;
    }

    /** What the log holds. */
    record LogContents(Map<String, Integer> byKey, Map<String, Integer> perStream, Set<String> events, int commits,
                       int gaps) {
    }

    // ------------------------------------------------------------------------------------------------ the log

    LogContents readLog() {
        Map<String, Integer> byKey = new HashMap<>();
        Map<String, Integer> perStream = new HashMap<>();
        Set<String> events = new HashSet<>();
        int commits = 0;
        int gaps = 0;
        try (MongoClient client = MongoClients.create(stack.mongoDirectUri())) {
            // in bounded batches: the embedded server does not cap a reply at 16 MB as MongoDB does (a long run's log
            // outgrew the driver's 48 MB message limit in one reply)
            for (Document d : client.getDatabase(Stack.EVENTS_DB).getCollection("events").find().batchSize(1000)) {
                if (d.getBoolean("gap", false)) {
                    gaps++;
                    continue;
                }
                commits++;
                String aggregateId = d.getString("aggregateId");
                for (Document e : d.getList("events", Document.class)) {
                    events.add(aggregateId + "#" + e.getLong("seq"));
                    perStream.merge(aggregateId, 1, Integer::sum);
                    JsonNode metadata;
                    try {
                        metadata = Client.JSON.readTree(e.getString("metadata"));
                    } catch (IOException ex) {
                        throw new IllegalStateException("unreadable metadata in " + aggregateId, ex);
                    }
                    byKey.merge(metadata.path("subject").asText() + " " + metadata.path("idempotencyKey").asText(), 1,
                            Integer::sum);
                }
            }
        }
        return new LogContents(byKey, perStream, events, commits, gaps);
    }

    /** Every accepted command once in the log, nothing else, each stream as long as the fold says. */
    List<String> logProblems(LogContents log) {
        List<String> problems = new ArrayList<>();
        Map<String, Observations.Accepted> accepted = observations.accepted();
        for (String key : accepted.keySet()) {
            int n = log.byKey().getOrDefault(key, 0);
            if (n != 1) {
                problems.add("accepted %s is stored %d times".formatted(accepted.get(key).command(), n));
            }
        }
        for (var e : log.byKey().entrySet()) {
            if (!accepted.containsKey(e.getKey())) {
                problems.add("the log stores %d event(s) of [%s], which no client saw accepted".formatted(e.getValue(), e.getKey()));
            }
        }
        Map<String, Integer> expected = fold.eventsPerStream();
        for (var e : expected.entrySet()) {
            int stored = log.perStream().getOrDefault(e.getKey(), 0);
            if (stored != e.getValue()) {
                problems.add("stream %s: %d events stored, the fold has %d".formatted(e.getKey(), stored, e.getValue()));
            }
        }
        return cap(problems);
    }

    // ------------------------------------------------------------------------------------------------ the topic

    /** Every event of the log on the topic; within a partition, a stream's sequences never go backwards. */
    List<String> topicProblems(LogContents log) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> lastSeq = new HashMap<>();
        int records = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Stack.TOPIC, Duration.ofSeconds(10));
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(Stack.TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(10)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    problems.add("the topic could not be read to its end " + end + " within 60 s");
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    EventEnvelope e;
                    try {
                        e = EnvelopeCodec.decode(r.value());
                    } catch (IOException ex) {
                        problems.add("unreadable record at %d@%d".formatted(r.partition(), r.offset()));
                        continue;
                    }
                    boolean first = seen.add(e.aggregateId() + "#" + e.sequence());
                    String stream = r.partition() + "/" + e.aggregateId();
                    // a copy of an event already read (a batch sent again after a crash) is skipped by the consumers;
                    // an event read for the first time after a later one of its stream is a reordering
                    Long before = lastSeq.merge(stream, e.sequence(), Math::max);
                    if (first && e.sequence() < before) {
                        problems.add("stream %s goes backwards in partition %d at offset %d: sequence %d after %d"
                                .formatted(e.aggregateId(), r.partition(), r.offset(), e.sequence(), before));
                    }
                }
            }
        }
        Set<String> missing = new TreeSet<>(log.events());
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            problems.add("%d events of the log are not on the topic, e.g. %s".formatted(missing.size(),
                    missing.stream().limit(5).toList()));
        }
        Set<String> extra = new TreeSet<>(seen);
        extra.removeAll(log.events());
        if (!extra.isEmpty()) {
            problems.add("%d events on the topic are not in the log, e.g. %s".formatted(extra.size(), extra.stream().limit(5).toList()));
        }
        lastTopicRecords = records;
        return cap(problems);
    }

    private volatile int lastTopicRecords;

    int lastTopicRecords() {
        return lastTopicRecords;
    }

    // ------------------------------------------------------------------------------------------------ projections

    /** Every projection equals the fold; the audit log lists each event of the log once. */
    List<String> projectionProblems(LogContents log, List<Scenario.Round> rounds) {
        List<String> problems = new ArrayList<>();
        String query = stack.queryUrl(0);
        auditProblems(query, log, problems);
        for (Fold.Movement m : fold.movements()) {
            catalogueProblems(query, m, problems);
        }
        for (Scenario.Round round : rounds) {
            Fold.Movement annual = fold.movement(round.annual());
            if (annual != null && !annual.keyTasks.isEmpty()) {
                keyTaskBoardProblems(query, annual, "REPORTED", problems);
                keyTaskBoardProblems(query, annual, "APPROVED", problems);
            }
            if (fold.movement(round.multiYear()) != null && !fold.communesOf(round.multiYear()).isEmpty()) {
                supportBoardProblems(query, round.multiYear(), problems);
            }
            if (problems.size() > 50) {
                break;
            }
        }
        return cap(problems);
    }

    private void auditProblems(String query, LogContents log, List<String> problems) {
        Map<String, Integer> listed = new HashMap<>();
        for (int page = 0; ; page++) {
            Api.Response r = Api.get(query + "/api/v1/audit/events?size=200&page=" + page, Tokens.auditor());
            if (r.status() != 200) {
                problems.add("audit log page %d: %s".formatted(page, r));
                return;
            }
            JsonNode items = r.json().path("items");
            items.forEach(i -> listed.merge(i.path("aggregateId").asText() + "#" + i.path("sequence").asLong(), 1, Integer::sum));
            if (items.size() < 200) {
                break;
            }
        }
        listed.forEach((event, n) -> {
            if (n > 1) {
                problems.add("the audit log lists %s %d times".formatted(event, n));
            }
        });
        Set<String> missing = new TreeSet<>(log.events());
        missing.removeAll(listed.keySet());
        if (!missing.isEmpty()) {
            problems.add("the audit log misses %d events, e.g. %s".formatted(missing.size(), missing.stream().limit(5).toList()));
        }
        Set<String> extra = new TreeSet<>(listed.keySet());
        extra.removeAll(log.events());
        if (!extra.isEmpty()) {
            problems.add("the audit log lists %d events the log does not hold, e.g. %s".formatted(extra.size(),
                    extra.stream().limit(5).toList()));
        }
    }

    private void catalogueProblems(String query, Fold.Movement m, List<String> problems) {
        Api.Response r = Api.get(query + "/api/v1/reports/movements/" + m.code);
        if (r.status() != 200) {
            problems.add("catalogue %s: %s".formatted(m.code, r.status()));
            return;
        }
        JsonNode j = r.json();
        List<String> units = new ArrayList<>();
        j.path("enrolledUnits").forEach(u -> units.add(u.path("unitId").asText()));
        if (units.size() != new HashSet<>(units).size() || !new HashSet<>(units).equals(m.enrolled)) {
            problems.add("catalogue %s: enrolled %s, the fold has %s".formatted(m.code, units, m.enrolled));
        }
        Map<Integer, Map<String, BigDecimal>> tasks = new TreeMap<>();
        j.path("keyTasks").forEach(t -> {
            Map<String, BigDecimal> targets = new TreeMap<>();
            t.path("indicators").forEach(i -> targets.put(i.path("code").asText(), i.path("target").decimalValue().stripTrailingZeros()));
            tasks.put(t.path("taskNo").asInt(), targets);
        });
        Map<Integer, Map<String, BigDecimal>> expectedTasks = new TreeMap<>();
        m.keyTasks.forEach((no, targets) -> {
            Map<String, BigDecimal> stripped = new TreeMap<>();
            targets.forEach((c, v) -> stripped.put(c, v.stripTrailingZeros()));
            expectedTasks.put(no, stripped);
        });
        if (!tasks.equals(expectedTasks)) {
            problems.add("catalogue %s: key tasks %s, the fold has %s".formatted(m.code, tasks, expectedTasks));
        }
        String status = m.closed ? "CLOSED" : "OPEN";
        if (!status.equals(j.path("status").asText()) || (m.closed && (!m.closedOn.equals(j.path("closedOn").asText())
                || !m.summary.equals(j.path("closingSummary").asText())))) {
            problems.add("catalogue %s: status %s %s, the fold has %s %s".formatted(m.code, j.path("status").asText(),
                    j.path("closedOn").asText(), status, m.closedOn));
        }
        long expectedVersion = fold.eventsPerStream().getOrDefault(m.code, 0) - 1L;
        if (j.path("version").asLong() != expectedVersion) {
            problems.add("catalogue %s: version %d, the fold's last sequence is %d".formatted(m.code, j.path("version").asLong(),
                    expectedVersion));
        }
    }

    private void keyTaskBoardProblems(String query, Fold.Movement m, String counted, List<String> problems) {
        Api.Response r = Api.get(query + "/api/v1/reports/key-tasks?size=200&movementId=" + m.code + "&period="
                + Scenario.PERIOD + "&counted=" + counted);
        if (r.status() != 200) {
            problems.add("key-task board %s: %s".formatted(m.code, r.status()));
            return;
        }
        boolean approvedOnly = counted.equals("APPROVED");
        Map<String, BigDecimal> completions = new TreeMap<>();
        Map<String, JsonNode> rows = new TreeMap<>();
        r.json().path("items").forEach(row -> rows.put(row.path("unitId").asText(), row));
        if (!rows.keySet().equals(new TreeSet<>(m.enrolled))) {
            problems.add("key-task board %s (%s): rows of %s, the fold enrolled %s".formatted(m.code, counted, rows.keySet(), m.enrolled));
            return;
        }
        for (String unit : m.enrolled) {
            BigDecimal sum = BigDecimal.ZERO;
            Map<Integer, JsonNode> cells = new HashMap<>();
            rows.get(unit).path("cells").forEach(c -> cells.put(c.path("taskNo").asInt(), c));
            for (var task : m.keyTasks.entrySet()) {
                Fold.Result result = fold.result(Fold.resultId(m.code, task.getKey(), unit, Scenario.PERIOD));
                JsonNode cell = cells.get(task.getKey());
                String where = "key-task board %s (%s) %s task %d".formatted(m.code, counted, unit, task.getKey());
                if (cell == null) {
                    problems.add(where + ": no cell");
                    continue;
                }
                String status = result == null ? "NOT_REPORTED" : result.status;
                boolean counts = result != null && (status.equals("APPROVED") || (!approvedOnly && status.equals("SUBMITTED")));
                BigDecimal completion = Fold.cellCompletion(task.getValue(), result, counts);
                sum = sum.add(completion);
                Map<String, BigDecimal> values = new TreeMap<>();
                cell.path("values").forEach(v -> {
                    if (!v.path("value").isNull() && !v.path("value").isMissingNode()) {
                        values.put(v.path("code").asText(), v.path("value").decimalValue().stripTrailingZeros());
                    }
                });
                Map<String, BigDecimal> expectedValues = new TreeMap<>();
                if (result != null) {
                    result.values.forEach((c, v) -> expectedValues.put(c, v.stripTrailingZeros()));
                }
                Integer corrections = cell.path("corrections").isMissingNode() || cell.path("corrections").isNull() ? null
                        : cell.path("corrections").asInt();
                Integer expectedCorrections = result == null ? null : result.corrections;
                if (!status.equals(cell.path("status").asText()) || counts != cell.path("counted").asBoolean()
                        || !Objects.equals(corrections, expectedCorrections) || !values.equals(expectedValues)
                        || completion.compareTo(cell.path("completion").decimalValue()) != 0) {
                    problems.add("%s: %s %s corrections %s values %s completion %s; the fold has %s %s corrections %s values %s completion %s"
                            .formatted(where, cell.path("status").asText(), cell.path("counted").asBoolean(), corrections, values,
                                    cell.path("completion").decimalValue(), status, counts, expectedCorrections, expectedValues,
                                    completion));
                }
            }
            BigDecimal unitCompletion = sum.divide(BigDecimal.valueOf(m.keyTasks.size()), Fold.SCALE, java.math.RoundingMode.HALF_UP);
            completions.put(unit, unitCompletion);
            if (unitCompletion.compareTo(rows.get(unit).path("completion").decimalValue()) != 0) {
                problems.add("key-task board %s (%s) %s: completion %s, the fold has %s".formatted(m.code, counted, unit,
                        rows.get(unit).path("completion").decimalValue(), unitCompletion));
            }
        }
        // competition ranking, highest first: 1, 2, 2, 4
        List<BigDecimal> sorted = completions.values().stream().sorted(Comparator.reverseOrder()).toList();
        for (var e : completions.entrySet()) {
            int rank = sorted.indexOf(sorted.stream().filter(c -> c.compareTo(e.getValue()) == 0).findFirst().orElseThrow()) + 1;
            int shown = rows.get(e.getKey()).path("rank").asInt();
            if (rank != shown) {
                problems.add("key-task board %s (%s) %s: rank %d, the fold ranks it %d".formatted(m.code, counted, e.getKey(), shown, rank));
            }
        }
    }

    private void supportBoardProblems(String query, String movement, List<String> problems) {
        Map<String, JsonNode> rows = new TreeMap<>();
        JsonNode province = null;
        for (int page = 0; page < 5; page++) {
            Api.Response r = Api.get(query + "/api/v1/reports/communes?size=200&movementId=" + movement + "&page=" + page);
            if (r.status() != 200) {
                problems.add("support board %s: %s".formatted(movement, r.status()));
                return;
            }
            province = r.json().path("province");
            JsonNode items = r.json().path("items");
            items.forEach(i -> rows.put(i.path("communeCode").asText(), i));
            if (items.size() < 200) {
                break;
            }
        }
        Map<String, Fold.Commune> expected = fold.communesOf(movement);
        long supportedNow = 0;
        long activities = 0;
        Map<Integer, long[]> years = new TreeMap<>();
        for (var row : rows.entrySet()) {
            Fold.Commune c = expected.getOrDefault(row.getKey(), new Fold.Commune());
            String where = "support board %s commune %s".formatted(movement, row.getKey());
            JsonNode j = row.getValue();
            List<String> supporters = new ArrayList<>();
            j.path("supporters").forEach(s -> supporters.add(s.path("unitId").asText() + " " + s.path("since").asText() + ".."
                    + (s.path("until").isNull() || s.path("until").isMissingNode() ? "" : s.path("until").asText())
                    + (s.path("shared").asBoolean() ? " shared" : "")));
            List<String> expectedSupporters = c.supporters.stream().map(s -> s.unitId() + " " + s.since() + ".."
                    + (s.until() == null ? "" : s.until()) + (s.shared() ? " shared" : "")).toList();
            if (!supporters.equals(expectedSupporters)) {
                problems.add("%s: supporters %s, the fold has %s".formatted(where, supporters, expectedSupporters));
            }
            Map<String, String> byType = new TreeMap<>();
            j.path("activities").forEach(a -> byType.put(a.path("type").asText(), a.path("count").asInt() + " × "
                    + a.path("participants").asInt() + " latest " + a.path("latest").asText()));
            Map<String, int[]> counts = new TreeMap<>();
            Map<String, String> latest = new TreeMap<>();
            for (Fold.Activity a : c.activities) {
                int[] n = counts.computeIfAbsent(a.type(), t -> new int[2]);
                n[0]++;
                n[1] += a.participants();
                latest.merge(a.type(), a.heldOn(), (x, y) -> x.compareTo(y) >= 0 ? x : y);
            }
            Map<String, String> expectedByType = new TreeMap<>();
            counts.forEach((t, n) -> expectedByType.put(t, n[0] + " × " + n[1] + " latest " + latest.get(t)));
            if (!byType.equals(expectedByType) || j.path("activityCount").asInt() != c.activities.size()) {
                problems.add("%s: activities %s (%d), the fold has %s (%d)".formatted(where, byType, j.path("activityCount").asInt(),
                        expectedByType, c.activities.size()));
            }
            Map<Integer, String> assessments = new TreeMap<>();
            j.path("assessments").forEach(a -> assessments.put(a.path("year").asInt(),
                    a.path("total").decimalValue().stripTrailingZeros().toPlainString() + (a.path("passed").asBoolean() ? " passed" : " failed")));
            Map<Integer, String> expectedAssessments = new TreeMap<>();
            c.assessments.forEach((y, a) -> expectedAssessments.put(y, a.total().stripTrailingZeros().toPlainString()
                    + (a.passed() ? " passed" : " failed")));
            if (!assessments.equals(expectedAssessments)) {
                problems.add("%s: assessments %s, the fold has %s".formatted(where, assessments, expectedAssessments));
            }
            supportedNow += c.supporters.stream().anyMatch(s -> s.until() == null) ? 1 : 0;
            activities += c.activities.size();
            c.assessments.values().forEach(a -> {
                long[] y = years.computeIfAbsent(a.year(), k -> new long[2]);
                y[0]++;
                y[1] += a.passed() ? 1 : 0;
            });
        }
        Set<String> rowless = new TreeSet<>(expected.keySet());
        rowless.removeAll(rows.keySet());
        if (!rowless.isEmpty()) {
            problems.add("support board %s: no row for %s".formatted(movement, rowless));
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("communesSupported", province.path("communesSupported").asLong());
        totals.put("communesEverSupported", province.path("communesEverSupported").asLong());
        totals.put("activities", province.path("activities").asLong());
        Map<Integer, String> perYear = new TreeMap<>();
        province.path("criterion185").forEach(y -> perYear.put(y.path("year").asInt(), y.path("assessed").asLong() + "/" + y.path("passed").asLong()));
        totals.put("criterion185", perYear);
        Map<String, Object> expectedTotals = new LinkedHashMap<>();
        expectedTotals.put("communesSupported", supportedNow);
        expectedTotals.put("communesEverSupported", (long) expected.values().stream().filter(c -> !c.supporters.isEmpty()).count());
        expectedTotals.put("activities", activities);
        Map<Integer, String> expectedYears = new TreeMap<>();
        years.forEach((y, n) -> expectedYears.put(y, n[0] + "/" + n[1]));
        expectedTotals.put("criterion185", expectedYears);
        if (!totals.equals(expectedTotals)) {
            problems.add("support board %s: province totals %s, the fold has %s".formatted(movement, totals, expectedTotals));
        }
    }

    // ------------------------------------------------------------------------------------------------ integrity

    List<String> integrityProblems() {
        Api.Response r = Api.get(stack.commandUrl(0) + "/api/v1/audit/integrity", Tokens.auditor());
        if (r.status() != 200 || !r.json().path("verified").asBoolean()) {
            return List.of("integrity check: " + (r.text().length() > 600 ? r.text().substring(0, 600) + "…" : r.text()));
        }
        return List.of();
    }

    private static List<String> cap(List<String> problems) {
        return problems.size() <= 20 ? problems : new ArrayList<>(problems.subList(0, 20)) {
            {
                add("… and " + (problems.size() - 20) + " more");
            }
        };
    }
}
