package vn.thidua.systemtests.support;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Enrolment commands sent from several client threads, each command retried until it has a definite answer,
 * the way a careful client behaves:
 * <ul>
 *   <li>201: accepted.</li>
 *   <li>no answer (connection refused or reset: the service is down) or 503: the outcome is unknown, so the very
 *       same command is sent again (after a short pause) until the service answers. If it then answers 409
 *       {@code unit-already-enrolled}, the earlier attempt was stored and only its answer was lost.</li>
 *   <li>409 {@code concurrent-change} (another request changed the movement first): sent again at once; the
 *       first attempt recorded nothing.</li>
 *   <li>anything else: a failure of the test.</li>
 * </ul>
 * So afterwards every enrolment is known to be stored ({@link #stored()}), and the system must show exactly those.
 */
public final class EnrolmentLoad {

    public record Enrolment(int index, String movementId, String unitId) {
        /** The {@code Idempotency-Key} of this submission, the same on every attempt. */
        public String submissionId() {
            return "enrol-" + movementId + "-" + unitId;
        }
    }

    /** Which instance receives attempt {@code attempt} of an enrolment (base URL of a command-service). */
    public interface Router {
        String baseUrl(Enrolment enrolment, int attempt);
    }

    private static final Duration PER_COMMAND_LIMIT = Duration.ofSeconds(90);

    private final List<Enrolment> work;
    private final int threads;
    private final Router router;
    private final Map<String, Set<String>> accepted = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> answerLost = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> lostAnswers = new CopyOnWriteArrayList<>();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger noAnswer = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger concurrentChanges = new AtomicInteger();
    private ExecutorService pool;
    private long startedAt;
    private volatile long finishedAt;

    public EnrolmentLoad(List<Enrolment> work, int threads, Router router) {
        this.work = List.copyOf(work);
        this.threads = threads;
        this.router = router;
    }

    /** {@code unitsPerMovement} enrolments for each movement, interleaved so that threads meet on the same movements. */
    public static List<Enrolment> interleaved(List<String> movementIds, int unitsPerMovement, String unitPrefix) {
        List<Enrolment> work = new ArrayList<>();
        for (int u = 1; u <= unitsPerMovement; u++) {
            for (String m : movementIds) {
                work.add(new Enrolment(work.size(), m, "%s-%03d".formatted(unitPrefix, u)));
            }
        }
        return work;
    }

    public EnrolmentLoad start() {
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "client-" + System.identityHashCode(r));
            t.setDaemon(true);
            return t;
        });
        startedAt = System.nanoTime();
        AtomicInteger running = new AtomicInteger(threads);
        for (int t = 0; t < threads; t++) {
            int slice = t;
            pool.execute(() -> {
                try {
                    for (Enrolment e : work) {
                        if (e.index() % threads == slice && failures.size() < 20) {
                            send(e);
                        }
                    }
                } catch (RuntimeException | AssertionError ex) {
                    failures.add("client thread " + slice + " stopped: " + ex);
                } finally {
                    if (running.decrementAndGet() == 0) {
                        finishedAt = System.nanoTime();
                    }
                }
            });
        }
        pool.shutdown();
        return this;
    }

    /** Waits until every client thread finished (bounded). */
    public EnrolmentLoad awaitDone(Duration limit) {
        try {
            if (!pool.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                throw new AssertionError("The clients did not finish within " + limit + "; " + summary());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    private void send(Enrolment e) {
        AtomicInteger attempt = new AtomicInteger();
        boolean[] uncertain = {false};
        if (attempt(e, attempt.getAndIncrement(), uncertain)) {
            return;
        }
        try {
            await("definite answer to " + e).atMost(PER_COMMAND_LIMIT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25)).pollInSameThread()
                    .until(() -> attempt(e, attempt.getAndIncrement(), uncertain));
        } catch (ConditionTimeoutException timeout) {
            failures.add(e + ": no definite answer within " + PER_COMMAND_LIMIT + " (" + attempt.get() + " attempts)");
            done.incrementAndGet();
        }
    }

    /** One attempt; true when the enrolment's fate is known (or it failed the test). */
    private boolean attempt(Enrolment e, int attempt, boolean[] uncertain) {
        String url = router.baseUrl(e, attempt) + Requests.MOVEMENTS + "/" + e.movementId() + "/enrolments";
        requests.incrementAndGet();
        Api.Response response;
        try {
            response = Api.post(url, Requests.enrolUnit(e.unitId()), e.submissionId());
        } catch (IOException ex) {
            noAnswer.incrementAndGet();
            uncertain[0] = true;
            return false;
        }
        if (response.status() == 201) {
            accepted.computeIfAbsent(e.movementId(), k -> ConcurrentHashMap.newKeySet()).add(e.unitId());
            done.incrementAndGet();
            return true;
        }
        if (response.status() == 503) {
            unavailable.incrementAndGet();
            uncertain[0] = true;
            return false;
        }
        if (response.status() == 409 && "submission-in-progress".equals(response.problemKind())) {
            // an earlier attempt of this submission holds its key (it may have died with a killed service)
            uncertain[0] = true;
            return false;
        }
        if (response.status() == 409 && "concurrent-change".equals(response.problemKind())) {
            concurrentChanges.incrementAndGet();
            return false;
        }
        if (response.status() == 409 && uncertain[0] && "unit-already-enrolled".equals(response.json().path("rule").asText())) {
            answerLost.computeIfAbsent(e.movementId(), k -> ConcurrentHashMap.newKeySet()).add(e.unitId());
            lostAnswers.add("%s (Idempotency-Key %s), attempt %d: %s".formatted(e, e.submissionId(), attempt, response));
            done.incrementAndGet();
            return true;
        }
        failures.add("%s attempt %d at %s: unexpected answer %s".formatted(e, attempt, url, response));
        done.incrementAndGet();
        return true;
    }

    /** Enrolments with a definite fate so far. */
    public int completed() {
        return done.get();
    }

    public int size() {
        return work.size();
    }

    /** Per movement, the units known to be enrolled: answered 201, or stored though the answer was lost. */
    public Map<String, Set<String>> stored() {
        Map<String, Set<String>> all = new TreeMap<>();
        accepted.forEach((m, units) -> all.computeIfAbsent(m, k -> new TreeSet<>()).addAll(units));
        answerLost.forEach((m, units) -> all.computeIfAbsent(m, k -> new TreeSet<>()).addAll(units));
        return all;
    }

    public int acceptedCount() {
        return accepted.values().stream().mapToInt(Set::size).sum();
    }

    public int answerLostCount() {
        return answerLost.values().stream().mapToInt(Set::size).sum();
    }

    /** The retries that found their enrolment already stored, with the answer they got. */
    public List<String> lostAnswers() {
        return List.copyOf(lostAnswers);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public int concurrentChanges() {
        return concurrentChanges.get();
    }

    public String summary() {
        double seconds = ((finishedAt == 0 ? System.nanoTime() : finishedAt) - startedAt) / 1e9;
        return ("%d enrolments from %d clients in %.1f s: %d answered 201, %d stored with the answer lost, %d failures; "
                + "%d requests, %d without answer, %d answered 503, %d answered 409 concurrent-change")
                .formatted(work.size(), threads, seconds, acceptedCount(), answerLostCount(), failures.size(),
                        requests.get(), noAnswer.get(), unavailable.get(), concurrentChanges.get());
    }
}
