package vn.thidua.systemtests.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rounds of the scenario, one after the other, each phase's chains spread over concurrent clients, until asked to
 * stop (after the round under way). Every accepted command whose acceptance followed an attempt without a definite
 * answer, and one in ten of the others, is sent once more to check that a retry gets its first answer.
 */
final class Load {

    private static final Duration PER_COMMAND = Duration.ofSeconds(300);

    private final Scenario scenario;
    private final Client client;
    private final Observations observations;
    private final int clients;
    private final Random random;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Scenario.Round> rounds = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile int nextRound;
    private Thread driver;
    private ExecutorService pool;

    Load(Scenario scenario, Client client, Observations observations, int clients, int firstRound, long seed) {
        this.scenario = scenario;
        this.client = client;
        this.observations = observations;
        this.clients = clients;
        this.nextRound = firstRound;
        this.random = new Random(seed);
    }

    Load start() {
        pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "fault-client");
            t.setDaemon(true);
            return t;
        });
        driver = new Thread(this::run, "fault-load");
        driver.setDaemon(true);
        driver.start();
        return this;
    }

    private void run() {
        try {
            while (!stopRequested) {
                Scenario.Round round = scenario.round(nextRound++);
                synchronized (rounds) {
                    rounds.add(round);
                }
                for (List<Scenario.Chain> phase : round.phases()) {
                    List<Future<?>> chains = new ArrayList<>();
                    for (Scenario.Chain chain : phase) {
                        chains.add(pool.submit(() -> runChain(chain)));
                    }
                    for (Future<?> f : chains) {
                        f.get();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            observations.violation("the load stopped: " + e);
        }
    }

    private void runChain(Scenario.Chain chain) {
        for (Command command : chain.commands()) {
            sent.incrementAndGet();
            if (!client.send(command, PER_COMMAND)) {
                return; // the rest of the chain depends on it
            }
            Observations.Accepted accepted = observations.accepted().get(command.logKey());
            boolean check;
            synchronized (random) {
                check = random.nextInt(10) == 0;
            }
            if (accepted != null && (accepted.uncertain() || check)) {
                client.replay(command, accepted.answer());
            }
        }
    }

    /** Commands sent so far (each counted once, however many attempts it took). */
    int sent() {
        return sent.get();
    }

    /** The next round number (after this load stopped, the first one a later load may use). */
    int nextRound() {
        return nextRound;
    }

    List<Scenario.Round> rounds() {
        synchronized (rounds) {
            return List.copyOf(rounds);
        }
    }

    /** Finishes the round under way and stops; false if that did not happen within {@code limit}. */
    boolean stop(Duration limit) {
        stopRequested = true;
        try {
            driver.join(limit.toMillis());
            pool.shutdown();
            return !driver.isAlive() && pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops at once (the suite gives up on this fault). */
    void abandon() {
        stopRequested = true;
        pool.shutdownNow();
        driver.interrupt();
    }
}
