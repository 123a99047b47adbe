package vn.thidua.benchmark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU the stack's processes used during the rebuild (from {@code /proc}, see {@link StackProbe}): each process in %
 * of one core, the share of its JIT compiler and GC threads, and how busy the whole machine was.
 */
final class CpuMeter {

    private final Map<String, ProcessHandle> processes;
    private final Map<String, Long> cpuBefore = new LinkedHashMap<>();
    private final Map<String, long[]> jitGcBefore = new LinkedHashMap<>();
    private final long[] machineBefore;

    private CpuMeter(Map<String, ProcessHandle> processes) {
        this.processes = processes;
        processes.forEach((name, p) -> {
            cpuBefore.put(name, StackProbe.cpuMillis(p));
            jitGcBefore.put(name, StackProbe.jitAndGcMillis(p));
        });
        this.machineBefore = StackProbe.machineTicks();
    }

    /** Notes the CPU time used so far by each process and by the machine. */
    static CpuMeter start(Map<String, ProcessHandle> processes) {
        return new CpuMeter(processes);
    }

    /** The CPU used since {@link #start}, over {@code elapsedNanos}: two report lines (all threads; JIT and GC). */
    List<String> lines(long elapsedNanos) {
        long[] machineAfter = StackProbe.machineTicks();
        StringBuilder cpu = new StringBuilder("CPU during the rebuild (% of one core; 2 cores = 200%):");
        StringBuilder jitGc = new StringBuilder("  of which JIT compiler / GC threads:");
        processes.forEach((name, p) -> {
            long before = cpuBefore.get(name);
            long after = StackProbe.cpuMillis(p);
            if (before >= 0 && after >= 0) {
                cpu.append(" %s %.0f%%,".formatted(name, (after - before) * 100.0 / (elapsedNanos / 1e6)));
            }
            long[] b = jitGcBefore.get(name);
            long[] a = StackProbe.jitAndGcMillis(p);
            if (b[0] >= 0 && a[0] >= 0) {
                jitGc.append(" %s %.0f%% / %.0f%%,".formatted(name, (a[0] - b[0]) * 100.0 / (elapsedNanos / 1e6),
                        (a[1] - b[1]) * 100.0 / (elapsedNanos / 1e6)));
            }
        });
        cpu.setLength(cpu.length() - 1);
        jitGc.setLength(jitGc.length() - 1);
        if (machineBefore != null && machineAfter != null) {
            cpu.append("; machine busy %.0f%% of all cores".formatted(
                    100.0 * (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1])));
        }
        return List.of(cpu.toString(), jitGc.toString());
    }
}
