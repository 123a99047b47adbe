package vn.thidua.systemtests.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reads of the query API, and the check that it shows exactly what the command side accepted. */
public final class Reports {

    private Reports() {
    }

    public static Api.Response movement(String queryBase, String movementId) {
        return Api.get(queryBase + Requests.REPORTS + "/" + movementId);
    }

    /** The movement's enrolled unit ids as listed (duplicates kept); empty when the movement is not there yet. */
    public static List<String> enrolledUnits(String queryBase, String movementId) {
        Api.Response r = movement(queryBase, movementId);
        List<String> units = new ArrayList<>();
        if (r.status() == 200) {
            r.json().path("enrolledUnits").forEach(u -> units.add(u.path("unitId").asText()));
        }
        return units;
    }

    /**
     * Waits until the query API of {@code queryBase} shows, for every movement, at least the expected units,
     * then asserts it shows exactly them, each once.
     */
    public static void assertShowsExactly(String queryBase, Map<String, Set<String>> expected, Duration limit) {
        Map<String, List<String>> seen = new TreeMap<>();
        try {
            await("query API at " + queryBase + " shows every stored enrolment").atMost(limit)
                    .pollInterval(Duration.ofMillis(250)).pollInSameThread().until(() -> {
                        boolean all = true;
                        for (var e : expected.entrySet()) {
                            List<String> units = seen.containsKey(e.getKey())
                                    && new TreeSet<>(seen.get(e.getKey())).containsAll(e.getValue())
                                    ? seen.get(e.getKey()) : enrolledUnits(queryBase, e.getKey());
                            seen.put(e.getKey(), units);
                            all &= new TreeSet<>(units).containsAll(e.getValue());
                        }
                        return all;
                    });
        } catch (ConditionTimeoutException timeout) {
            StringBuilder missing = new StringBuilder();
            expected.forEach((m, units) -> {
                Set<String> absent = new TreeSet<>(units);
                absent.removeAll(seen.getOrDefault(m, List.of()));
                if (!absent.isEmpty()) {
                    missing.append("\n  ").append(m).append(": ").append(absent.size()).append(" missing ").append(absent);
                }
            });
            throw new AssertionError(timeout.getMessage() + missing, timeout);
        }
        for (var e : expected.entrySet()) {
            // read again: what is shown now, after everything arrived
            List<String> units = enrolledUnits(queryBase, e.getKey());
            assertThat(units).as("units enrolled in %s, as shown by %s (no duplicates, nothing extra)", e.getKey(), queryBase)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    public static JsonNode awaitMovement(String queryBase, String movementId, Duration limit,
                                         java.util.function.Predicate<JsonNode> until) {
        JsonNode[] last = {null};
        await("movement " + movementId + " in the query API at " + queryBase).atMost(limit)
                .pollInterval(Duration.ofMillis(100)).pollInSameThread().until(() -> {
                    Api.Response r = movement(queryBase, movementId);
                    last[0] = r.status() == 200 ? r.json() : null;
                    return last[0] != null && until.test(last[0]);
                });
        return last[0];
    }
}
