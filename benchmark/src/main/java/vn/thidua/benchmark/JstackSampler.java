package vn.thidua.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * jstack samples of the query-service and the mongo server during the rebuild: the frames their busy threads are in,
 * and where the query-service's rebuild thread spends its time. The dumps are kept in a temporary directory.
 */
final class JstackSampler {

    private final Map<String, ProcessHandle> targets = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> topFrames = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> ourFrames = new LinkedHashMap<>();
    private final Map<String, Integer> busyThreads = new HashMap<>();
    private final Map<String, Integer> rebuildTop = new HashMap<>();
    private final Map<String, Integer> rebuildOurs = new HashMap<>();
    private Path dir;
    private int taken;

    /** @param processes the stack's processes by role ({@link Stack#processes()}) */
    JstackSampler(Map<String, ProcessHandle> processes) {
        for (String name : List.of("query-service", "mongo")) {
            if (processes.containsKey(name)) {
                targets.put(name, processes.get(name));
            }
        }
    }

    /** Samples taken so far. */
    int taken() {
        return taken;
    }

    /** One jstack of each target, kept and counted. */
    void take() {
        taken++;
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("thidua-bench-jstack-");
            }
            for (Map.Entry<String, ProcessHandle> t : targets.entrySet()) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(),
                        String.valueOf(t.getValue().pid())).redirectErrorStream(true).start();
                String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                Files.writeString(dir.resolve(t.getKey() + "-" + taken + ".txt"), dump);
                analyse(t.getKey(), dump);
            }
        } catch (IOException e) {
            log("jstack failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Idle-looking frames of RUNNABLE threads (waiting on a socket or a selector), not work. */
    private static boolean idle(String frame) {
        return frame.contains("EPoll.wait") || frame.contains("Net.poll") || frame.contains("Net.accept")
                || frame.contains("SocketDispatcher.read0") || frame.contains("NioSocketImpl.accept")
                || frame.contains("KQueue") || frame.contains("socketAccept") || frame.contains("Thread.sleep")
                || frame.contains("FileDispatcherImpl.read0") || frame.contains("Net.connect")
                || frame.contains("waitForReferencePendingList");
    }

    private void analyse(String process, String dump) {
        for (String block : dump.split("\n\n")) {
            if (!block.startsWith("\"")) {
                continue;
            }
            List<String> frames = block.lines().map(String::trim).filter(l -> l.startsWith("at "))
                    .map(l -> l.substring(3)).toList();
            if (frames.stream().anyMatch(f -> f.startsWith("vn.thidua.projection.rebuild"))) {
                // the rebuild's own thread, whatever its state (waiting for mongo's answer is where it spends time)
                String state = block.contains("State: RUNNABLE") ? "" : " [" + block.replaceAll("(?s).*State: (\\w+).*", "$1") + "]";
                rebuildTop.merge(strip(frames.get(0)) + state, 1, Integer::sum);
                frames.stream().filter(f -> f.startsWith("vn.thidua")).findFirst()
                        .ifPresent(f -> rebuildOurs.merge(strip(f), 1, Integer::sum));
                continue;
            }
            if (!block.contains("java.lang.Thread.State: RUNNABLE") || frames.isEmpty() || idle(frames.get(0))) {
                continue;
            }
            busyThreads.merge(process, 1, Integer::sum);
            topFrames.computeIfAbsent(process, k -> new HashMap<>()).merge(strip(frames.get(0)), 1, Integer::sum);
            frames.stream().filter(f -> f.startsWith("vn.thidua") || f.startsWith("de.bwaldvogel") || f.startsWith("org.h2"))
                    .findFirst().ifPresent(f -> ourFrames.computeIfAbsent(process, k -> new HashMap<>())
                            .merge(strip(f), 1, Integer::sum));
        }
    }

    private static String strip(String frame) {
        return frame.replaceAll("\\(.*\\)$", "").replaceAll("^[a-zA-Z0-9.]*/", "");
    }

    /** The report lines: busy threads per sample, the most frequent frames; nothing if no sample was taken. */
    List<String> summary() {
        List<String> out = new ArrayList<>();
        if (taken == 0) {
            return out;
        }
        out.add("jstack during the rebuild: %d samples of %s; busy (RUNNABLE, not waiting on a socket) threads per sample: %s"
                .formatted(taken, String.join(", ", targets.keySet()), busyThreads.entrySet().stream()
                        .map(e -> "%s %.1f".formatted(e.getKey(), e.getValue() / (double) taken))
                        .collect(Collectors.joining(", "))));
        out.add("  query-service, the rebuild thread's top frame: " + top(rebuildTop));
        out.add("  query-service, the rebuild thread's innermost vn.thidua frame: " + top(rebuildOurs));
        for (String process : targets.keySet()) {
            out.add("  %s, top frames of busy threads: %s".formatted(process, top(topFrames.get(process))));
            out.add("  %s, first vn.thidua / mongo-java-server / H2 frame: %s".formatted(process, top(ourFrames.get(process))));
        }
        out.add("  dumps kept in " + dir);
        return out;
    }

    private static String top(Map<String, Integer> counts) {
        if (counts == null || counts.isEmpty()) {
            return "—";
        }
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining("; "));
    }
}
