package vn.thidua.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static vn.thidua.benchmark.IngestBenchmark.log;

/**
 * The board-query benchmark ({@code ./bench.sh boards}: query-service's {@code BoardQueryBenchmark}, a Maven test run)
 * run by the compare command, and the p99 of each board page read from its {@code [boards]} lines (exports are whole
 * reports, not pages: printed, not judged).
 */
final class BoardPages {

    private static final Pattern LINE = Pattern.compile("\\[boards] (.+?)\\s+n=\\s*\\d+\\s+p50\\s+([\\d.]+) ms\\s+p99\\s+([\\d.]+) ms");

    /** p99 (ms) of each page query, by name. */
    record Result(Map<String, Double> pageP99) {
        double worstPageP99() {
            return pageP99.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            pageP99.forEach((name, p99) -> sb.append("%s p99 %.1f ms; ".formatted(name, p99)));
            return sb.isEmpty() ? "none" : sb.substring(0, sb.length() - 2);
        }
    }

    private BoardPages() {
    }

    static Result measure(Path projectDir, boolean small) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-o", "-q", "-pl", "query-service", "-am", "test",
                "-Dbenchmarks=true", "-Dtest=BoardQueryBenchmark", "-Dsurefire.failIfNoSpecifiedTests=false"));
        if (small) {
            command.addAll(List.of("-Dbench.communes=1000", "-Dbench.districts=70", "-Dbench.periods=4",
                    "-Dbench.iterations=60"));
        }
        log("boards: " + String.join(" ", command));
        Path out = Files.createTempFile("thidua-bench-boards-", ".log");
        Process p = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("the board benchmark did not finish within an hour (output " + out + ")");
        }
        List<String> lines = Files.readAllLines(out);
        lines.stream().filter(l -> l.contains("[boards]")).forEach(l -> System.out.println("    " + l.trim()));
        Result r = parse(lines);
        if (p.exitValue() != 0 || r.pageP99().isEmpty()) {
            throw new IllegalStateException("the board benchmark failed (exit " + p.exitValue() + ", output kept in " + out + ")");
        }
        Files.delete(out);
        return r;
    }

    /** The page queries' p99 from the benchmark's output (lines of CSV and XLSX exports left out). */
    static Result parse(List<String> lines) {
        Map<String, Double> pages = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (m.find() && !m.group(1).contains("CSV") && !m.group(1).contains("XLSX")) {
                pages.put(m.group(1).trim(), Double.parseDouble(m.group(3)));
            }
        }
        return new Result(pages);
    }
}
