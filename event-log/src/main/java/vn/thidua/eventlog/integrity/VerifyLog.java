package vn.thidua.eventlog.integrity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The offline verifier: {@code java -jar event-log.jar export.jsonl} (or {@code ./verify-log.sh export.jsonl})
 * on an export of the log ({@code GET /api/v1/audit/log}). Prints
 * {@code OK: P positions, E events, C checkpoints verified} and exits 0, or one line
 * {@code BROKEN at position P (aggregate A, sequence S, event E): reason} per broken link (the first one first; at most
 * {@link LogVerifier#DEFAULT_MAX_REPORTED}) and a last line {@code N broken links in P positions, E events, C checkpoints},
 * and exits 1; 2 when the file cannot be read.
 */
public final class VerifyLog {

    private VerifyLog() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: VerifyLog <export.jsonl>   (the export of GET /api/v1/audit/log)");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), System.out, System.err));
    }

    /** Verifies the export at {@code file}, reports on {@code out}; returns the exit code (0 ok, 1 broken, 2 unreadable). */
    public static int run(Path file, PrintStream out, PrintStream err) {
        LogVerifier.Result result;
        try {
            result = verify(file);
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        out.println(describe(result));
        return result.verified() ? 0 : 1;
    }

    public static LogVerifier.Result verify(Path file) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return LogExport.verify(lines);
        }
    }

    /** The report: one line when verified, else one line per broken link and a count. */
    public static String describe(LogVerifier.Result r) {
        if (r.verified()) {
            return "OK: %d positions, %d events, %d checkpoints verified".formatted(r.positionsChecked(), r.eventsChecked(),
                    r.checkpointsChecked());
        }
        StringBuilder report = new StringBuilder();
        r.broken().forEach(b -> report.append(describe(b)).append("\n"));
        long unlisted = r.brokenCount() - r.broken().size();
        if (unlisted > 0) {
            report.append("... and %d more".formatted(unlisted)).append("\n");
        }
        return report.append("%d broken link%s in %d positions, %d events, %d checkpoints".formatted(r.brokenCount(),
                r.brokenCount() == 1 ? "" : "s", r.positionsChecked(), r.eventsChecked(), r.checkpointsChecked()))
                .toString();
    }

    /** One broken link on one line. */
    public static String describe(LogVerifier.Broken b) {
        StringBuilder where = new StringBuilder();
        if (b.aggregateId() != null) {
            where.append("aggregate ").append(b.aggregateId());
        }
        if (b.sequence() != null) {
            where.append(where.isEmpty() ? "" : ", ").append("sequence ").append(b.sequence());
        }
        if (b.eventId() != null) {
            where.append(where.isEmpty() ? "" : ", ").append("event ").append(b.eventId());
        }
        return "BROKEN at position %d%s: %s".formatted(b.position(), where.isEmpty() ? "" : " (" + where + ")", b.reason());
    }
}
