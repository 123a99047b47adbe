package vn.thidua.eventlog.store;

import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.integrity.Checkpoint;
import vn.thidua.eventlog.integrity.LogExport;
import vn.thidua.eventlog.integrity.LogVerifier;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads the whole log in position order — {@code _id $in} windows over the commits and the checkpoints, never a
 * scan — for the verification walk ({@link LogVerifier}) and the export ({@link LogExport}). The walk ends at the
 * first window that holds neither a position nor a checkpoint.
 */
public class LogAudit {

    static final int WINDOW = 500;

    interface Visitor {
        void position(LogEntry entry) throws IOException;

        void checkpoint(Checkpoint checkpoint) throws IOException;
    }

    private final MongoCommitLog commitLog;
    private final Checkpoints checkpoints;

    public LogAudit(MongoCommitLog commitLog) {
        this.commitLog = commitLog;
        this.checkpoints = commitLog.checkpoints();
    }

    /** Recomputes every event hash, stream link and checkpoint of the stored log. */
    public LogVerifier.Result verify() {
        return verify(new LogVerifier());
    }

    /** The walk with a given verifier (one that compares with the checkpoint topic, ADR 0014). */
    public LogVerifier.Result verify(LogVerifier verifier) {
        long latest = checkpoints.latestRecorded();
        try {
            walk(new Visitor() {
                @Override
                public void position(LogEntry entry) {
                    verifier.accept(entry);
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) {
                    verifier.accept(checkpoint);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return verifier.finish(latest);
    }

    /** Writes the log as JSON Lines to {@code out}, window by window. */
    public void export(OutputStream out) throws IOException {
        long latest = checkpoints.latestRecorded();
        try (LogExport.Writer writer = new LogExport.Writer(out)) {
            walk(new Visitor() {
                @Override
                public void position(LogEntry entry) throws IOException {
                    writer.write(entry);
                }

                @Override
                public void checkpoint(Checkpoint checkpoint) throws IOException {
                    writer.write(checkpoint);
                }
            });
            writer.end(latest);
        }
    }

    private void walk(Visitor visitor) throws IOException {
        for (long from = 1; ; from += WINDOW) {
            Map<Long, LogEntry> entries = commitLog.readPositions(from, WINDOW);
            Map<Long, Checkpoint> ends = checkpoints.endingIn(from, WINDOW);
            if (entries.isEmpty() && ends.isEmpty()) {
                return;
            }
            for (long p = from; p < from + WINDOW; p++) {
                LogEntry entry = entries.get(p);
                if (entry != null) {
                    visitor.position(entry);
                }
                Checkpoint end = ends.get(p);
                if (end != null) {
                    visitor.checkpoint(end);
                }
            }
        }
    }
}
