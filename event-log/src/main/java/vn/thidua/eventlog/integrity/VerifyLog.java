package vn.thidua.eventlog.integrity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The offline verifier: {@code java -jar event-log.jar export.jsonl} (or {@code ./verify-log.sh export.jsonl})
 * on an export of the log ({@code GET /api/v1/audit/log}). Prints
 * {@code OK: P positions, E events, C checkpoints verified} and exits 0, or one line
 * {@code BROKEN at position P (aggregate A, sequence S, event E): reason} per broken link (the first one first; at most
 * {@link LogVerifier#DEFAULT_MAX_REPORTED}) and a last line {@code N broken links in P positions, E events, C checkpoints},
 * and exits 1; 2 when the file cannot be read. With {@code --keys} and {@code --bootstrap} it also compares the log with
 * the signed checkpoints of the checkpoint topic (ADR 0014), and exits 3 when the topic cannot be read (a line
 * {@code NOT ANCHORED: why} says so); without them a line {@code NOT ANCHORED: …} says the log was only shown
 * consistent.
 */
public final class VerifyLog {

    private VerifyLog() {
    }

    static final String USAGE = "usage: VerifyLog <export.jsonl> [--keys public.pem[,more.pem]] [--bootstrap host:port] "
            + "[--topic " + CheckpointTopic.DEFAULT + "]   (the export of GET /api/v1/audit/log; with --keys and "
            + "--bootstrap it is also compared with the signed checkpoints of the checkpoint topic)";

    /** What to verify and against what. {@code keys} and {@code bootstrap} empty: not compared with the topic. */
    record Options(Path file, List<Path> keys, String bootstrap, String topic) {

        static Options parse(String[] args) {
            Path file = null;
            List<Path> keys = List.of();
            String bootstrap = null;
            String topic = CheckpointTopic.DEFAULT;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--") && i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " takes a value");
                }
                switch (a) {
                    case "--keys" -> keys = Arrays.stream(args[++i].split(",")).map(String::strip).map(Path::of).toList();
                    case "--bootstrap" -> bootstrap = args[++i];
                    case "--topic" -> topic = args[++i];
                    default -> {
                        if (a.startsWith("-") || file != null) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        file = Path.of(a);
                    }
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("no export file given");
            }
            if (keys.isEmpty() != (bootstrap == null)) {
                throw new IllegalArgumentException("--keys and --bootstrap go together (the public keys and the broker "
                        + "of the checkpoint topic)");
            }
            return new Options(file, keys, bootstrap, topic);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs as the command line does: parses {@code args}, verifies and reports; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            err.println(USAGE);
            return 2;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        return run(options, out, err);
    }

    /** Verifies the export at {@code file}, reports on {@code out}; returns the exit code (0 ok, 1 broken, 2 unreadable). */
    public static int run(Path file, PrintStream out, PrintStream err) {
        return run(new Options(file, List.of(), null, CheckpointTopic.DEFAULT), out, err);
    }

    /**
     * Verifies and reports; exit code 0 ok, 1 broken, 2 unreadable, 3 intact as far as the database goes but the
     * checkpoint topic could not be read to its end (the log is then not shown authentic).
     */
    static int run(Options options, PrintStream out, PrintStream err) {
        LogVerifier.Result result;
        CheckpointTopic.Reader topic = null;
        try {
            LogVerifier verifier;
            if (options.bootstrap() == null) {
                verifier = new LogVerifier();
            } else {
                CheckpointKeys.Keyring keyring;
                try {
                    keyring = CheckpointKeys.Keyring.read(options.keys());
                } catch (RuntimeException e) {
                    err.println("Cannot read the public keys " + options.keys() + ": " + e.getMessage());
                    return 2;
                }
                try {
                    topic = CheckpointTopic.read(options.bootstrap(), options.topic());
                    verifier = new LogVerifier(LogVerifier.DEFAULT_MAX_REPORTED, topic, keyring);
                } catch (CheckpointTopic.Unavailable e) {
                    verifier = LogVerifier.unanchored(e.getMessage());
                }
            }
            try (BufferedReader lines = Files.newBufferedReader(options.file(), StandardCharsets.UTF_8)) {
                result = LogExport.verify(lines, verifier);
            }
        } catch (IOException | RuntimeException e) {
            err.println("Cannot read " + options.file() + ": " + e.getMessage());
            return 2;
        } finally {
            if (topic != null) {
                topic.close();
            }
        }
        out.println(describe(result));
        if (!result.verified()) {
            return 1;
        }
        return options.bootstrap() != null && !result.anchoring().checked() ? 3 : 0;
    }

    public static LogVerifier.Result verify(Path file) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return LogExport.verify(lines);
        }
    }

    /** The report: one line when verified, else one line per broken link and a count. */
    public static String describe(LogVerifier.Result r) {
        String anchoring = r.anchoring().checked()
                ? "; %d signed checkpoints of the checkpoint topic checked".formatted(r.anchoring().signedCheckpointsChecked())
                : "\nNOT ANCHORED: " + r.anchoring().problem();
        if (r.verified()) {
            return "OK: %d positions, %d events, %d checkpoints verified".formatted(r.positionsChecked(), r.eventsChecked(),
                    r.checkpointsChecked()) + anchoring;
        }
        StringBuilder report = new StringBuilder();
        r.broken().forEach(b -> report.append(describe(b)).append("\n"));
        long unlisted = r.brokenCount() - r.broken().size();
        if (unlisted > 0) {
            report.append("... and %d more".formatted(unlisted)).append("\n");
        }
        return report.append("%d broken link%s in %d positions, %d events, %d checkpoints".formatted(r.brokenCount(),
                r.brokenCount() == 1 ? "" : "s", r.positionsChecked(), r.eventsChecked(), r.checkpointsChecked()))
                .append(anchoring).toString();
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
