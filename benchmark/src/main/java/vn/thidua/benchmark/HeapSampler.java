package vn.thidua.benchmark;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The heap in use of both services ({@code jvm.memory.used}, area heap), sampled every second throughout the rebuild
 * benchmark by a daemon thread; per phase of the benchmark ({@link #phase}), the largest sample of each service.
 */
final class HeapSampler {

    private static final List<String> SERVICES = List.of("command-service", "query-service");

    private final Stack stack;
    private final StackProbe probe;
    /** Phase → service → max MB. */
    private final Map<String, Map<String, Long>> heapMax = new ConcurrentHashMap<>();
    private final AtomicReference<String> phase = new AtomicReference<>("start");

    HeapSampler(Stack stack, StackProbe probe) {
        this.stack = stack;
        this.probe = probe;
    }

    /** Starts sampling (until the JVM exits). */
    void start() {
        Thread sampler = new Thread(this::sample, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The samples from now on belong to this phase. */
    void phase(String name) {
        phase.set(name);
    }

    /** The largest sample of a service in one phase (service → MB; a service never sampled is absent). */
    Map<String, Long> maxMbDuring(String phaseName) {
        return heapMax.getOrDefault(phaseName, Map.of());
    }

    /** The largest sample of a service over the whole run; -1 if it was never sampled. */
    long maxMb(String service) {
        return heapMax.values().stream().mapToLong(m -> m.getOrDefault(service, -1L)).max().orElse(-1);
    }

    private void sample() {
        while (true) {
            String current = phase.get();
            for (String service : SERVICES) {
                long used = probe.heapUsedMb(service.equals("command-service") ? stack.commandUrl : stack.queryUrl);
                if (used >= 0) {
                    heapMax.computeIfAbsent(current, k -> new ConcurrentHashMap<>()).merge(service, used, Math::max);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
