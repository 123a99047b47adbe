package vn.thidua.systemtests.faults;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the accepted commands amount to, folded by the suite itself from the product's rules as documented
 * (docs/product.md), without any of the product's code: the movements as the catalogue shows them, the task results
 * as the key-task board shows them, the communes as the support board shows them, and how many events each stream
 * holds. Every accepted command is one event of one stream.
 */
final class Fold {

    static final int SCALE = 4;

    /** A movement: kind, status, key tasks (number → indicator code → target), enrolled units in order. */
    static final class Movement {
        final String code;
        final String kind;
        boolean closed;
        String closedOn;
        String summary;
        final Map<Integer, Map<String, BigDecimal>> keyTasks = new TreeMap<>();
        final Set<String> enrolled = new LinkedHashSet<>();

        Movement(String code, String kind) {
            this.code = code;
            this.kind = kind;
        }
    }

    /** One unit's result for a key task and period: its review status, corrections and latest values. */
    static final class Result {
        String status = "SUBMITTED";
        int corrections;
        Map<String, BigDecimal> values = Map.of();
    }

    record Supporter(String unitId, String since, String until, boolean shared) {
    }

    record Activity(String type, String heldOn, int participants) {
    }

    record Assessment(int year, BigDecimal total, boolean passed) {
    }

    /** A commune's support under a movement. */
    static final class Commune {
        final List<Supporter> supporters = new ArrayList<>();
        final List<Activity> activities = new ArrayList<>();
        final Map<Integer, Assessment> assessments = new TreeMap<>();
    }

    private final Map<String, Movement> movements = new LinkedHashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, Commune> communes = new LinkedHashMap<>();
    private final Map<String, Integer> eventsPerStream = new LinkedHashMap<>();
    private int events;

    // ------------------------------------------------------------------------------------------- the commands

    synchronized void registered(String code, String kind) {
        movements.put(code, new Movement(code, kind));
        event(code);
    }

    synchronized void keyTaskDefined(String code, int taskNo, Map<String, BigDecimal> targets) {
        movements.get(code).keyTasks.put(taskNo, Map.copyOf(targets));
        event(code);
    }

    synchronized void enrolled(String code, String unitId) {
        movements.get(code).enrolled.add(unitId);
        event(code);
    }

    synchronized void closed(String code, String closedOn, String summary) {
        Movement m = movements.get(code);
        m.closed = true;
        m.closedOn = closedOn;
        m.summary = summary;
        event(code);
    }

    synchronized void resultRecorded(String resultId, Map<String, BigDecimal> values) {
        Result r = new Result();
        r.values = Map.copyOf(values);
        results.put(resultId, r);
        event(resultId);
    }

    synchronized void resultCorrected(String resultId, Map<String, BigDecimal> values) {
        Result r = results.get(resultId);
        r.values = Map.copyOf(values);
        r.corrections++;
        r.status = "SUBMITTED";
        event(resultId);
    }

    synchronized void resultReviewed(String resultId, String status) {
        results.get(resultId).status = status;
        event(resultId);
    }

    synchronized void supportAssigned(String communeId, String unitId, String since, boolean shared) {
        communes.computeIfAbsent(communeId, id -> new Commune()).supporters.add(new Supporter(unitId, since, null, shared));
        event(communeId);
    }

    synchronized void supportEnded(String communeId, String unitId, String endedOn) {
        List<Supporter> supporters = communes.get(communeId).supporters;
        for (int i = 0; i < supporters.size(); i++) {
            Supporter s = supporters.get(i);
            if (s.unitId().equals(unitId) && s.until() == null) {
                supporters.set(i, new Supporter(s.unitId(), s.since(), endedOn, s.shared()));
            }
        }
        event(communeId);
    }

    synchronized void activityRecorded(String communeId, String type, String heldOn, int participants) {
        communes.get(communeId).activities.add(new Activity(type, heldOn, participants));
        event(communeId);
    }

    /** Criterion 18.5 by the default rule (QĐ 619, v1): total ≥ 80, each part ≥ half its maximum, no one disciplined. */
    synchronized void assessed(String communeId, int year, List<BigDecimal> scores, boolean noOfficialDisciplined) {
        List<BigDecimal> maxima = List.of(BigDecimal.valueOf(15), BigDecimal.valueOf(30), BigDecimal.valueOf(25),
                BigDecimal.valueOf(10), BigDecimal.valueOf(20));
        BigDecimal total = scores.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean passed = noOfficialDisciplined && total.compareTo(BigDecimal.valueOf(80)) >= 0;
        for (int i = 0; i < scores.size(); i++) {
            passed &= scores.get(i).multiply(BigDecimal.valueOf(2)).compareTo(maxima.get(i)) >= 0;
        }
        communes.computeIfAbsent(communeId, id -> new Commune()).assessments.put(year, new Assessment(year, total, passed));
        event(communeId);
    }

    private void event(String stream) {
        events++;
        eventsPerStream.merge(stream, 1, Integer::sum);
    }

    // ------------------------------------------------------------------------------------------- what it shows

    synchronized int events() {
        return events;
    }

    synchronized Map<String, Integer> eventsPerStream() {
        return Map.copyOf(eventsPerStream);
    }

    synchronized List<Movement> movements() {
        return List.copyOf(movements.values());
    }

    synchronized Movement movement(String code) {
        return movements.get(code);
    }

    synchronized Result result(String resultId) {
        return results.get(resultId);
    }

    synchronized Map<String, Commune> communesOf(String movementId) {
        Map<String, Commune> of = new TreeMap<>();
        communes.forEach((id, c) -> {
            if (id.startsWith(movementId + "~")) {
                of.put(id.substring(movementId.length() + 1), c);
            }
        });
        return of;
    }

    /** The completion of one cell: the mean over the task's indicators of min(value / target, 1) when it counts. */
    static BigDecimal cellCompletion(Map<String, BigDecimal> targets, Result result, boolean counts) {
        if (result == null || !counts || targets.isEmpty()) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> t : targets.entrySet()) {
            BigDecimal value = result.values.get(t.getKey());
            if (value != null) {
                BigDecimal ratio = t.getValue().signum() == 0 ? BigDecimal.ONE : value.divide(t.getValue(), SCALE, RoundingMode.HALF_UP);
                sum = sum.add(ratio.min(BigDecimal.ONE));
            }
        }
        return sum.divide(BigDecimal.valueOf(targets.size()), SCALE, RoundingMode.HALF_UP);
    }

    static String resultId(String movement, int taskNo, String unitId, String period) {
        return movement + "~" + taskNo + "~" + unitId + "~" + period;
    }

    static String communeId(String movement, String communeCode) {
        return movement + "~" + communeCode;
    }

    static LocalDate date(String iso) {
        return LocalDate.parse(iso);
    }
}
