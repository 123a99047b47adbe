package vn.thidua.eventlog.integrity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.Gap;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The export of the log as JSON Lines, one line per position and per checkpoint, in position order (a checkpoint
 * right after the position it ends at), and a last line with the latest checkpoint the store knows of:
 * <pre>
 * {"kind":"commit","position":7,"commitId":"…","aggregateType":"Movement","aggregateId":"TD-1","events":[
 *     {"eventId":"…","sequence":3,"type":"…","revision":"1","timestamp":"…","payload":"{…}","metadata":"{…}",
 *      "hash":"…","prevHash":"…"}]}
 * {"kind":"gap","position":8}
 * {"kind":"checkpoint","upTo":8,"previous":0,"hash":"…","positions":8,"events":9,"createdAt":"…"}
 * {"kind":"end","latestCheckpoint":8}
 * </pre>
 * Payload and metadata are JSON strings holding the stored JSON text, so the hashed bytes survive the round trip.
 */
public final class LogExport {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LogExport() {
    }

    /** Writes lines to {@code out} (not closed; flushed after each line). */
    public static final class Writer implements AutoCloseable {
        private final JsonGenerator g;
        private final OutputStream out;

        public Writer(OutputStream out) throws IOException {
            this.out = out;
            this.g = JSON.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        }

        public void write(LogEntry entry) throws IOException {
            g.writeStartObject();
            if (entry instanceof Commit commit) {
                g.writeStringField("kind", "commit");
                g.writeNumberField("position", commit.position());
                g.writeStringField("commitId", commit.commitId());
                g.writeStringField("aggregateType", commit.aggregateType());
                g.writeStringField("aggregateId", commit.aggregateId());
                g.writeArrayFieldStart("events");
                for (StoredEvent e : commit.events()) {
                    g.writeStartObject();
                    g.writeStringField("eventId", e.eventId());
                    g.writeNumberField("sequence", e.sequence());
                    g.writeStringField("type", e.type());
                    g.writeStringField("revision", e.revision());
                    g.writeStringField("timestamp", e.timestamp());
                    g.writeStringField("payload", e.payload());
                    g.writeStringField("metadata", e.metadata());
                    g.writeStringField("hash", e.hash());
                    g.writeStringField("prevHash", e.prevHash());
                    g.writeEndObject();
                }
                g.writeEndArray();
            } else {
                g.writeStringField("kind", "gap");
                g.writeNumberField("position", entry.position());
            }
            endLine();
        }

        public void write(Checkpoint c) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", "checkpoint");
            g.writeNumberField("upTo", c.upTo());
            g.writeNumberField("previous", c.previous());
            g.writeStringField("hash", c.hash());
            g.writeNumberField("positions", c.positions());
            g.writeNumberField("events", c.events());
            g.writeStringField("createdAt", c.createdAt());
            endLine();
        }

        public void end(long latestCheckpoint) throws IOException {
            g.writeStartObject();
            g.writeStringField("kind", "end");
            g.writeNumberField("latestCheckpoint", latestCheckpoint);
            endLine();
        }

        private void endLine() throws IOException {
            g.writeEndObject();
            g.flush();
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            g.close();
        }
    }

    /** Feeds an export to a verifier, line by line (never the whole file in memory). */
    public static LogVerifier.Result verify(BufferedReader lines) throws IOException {
        return verify(lines, new LogVerifier());
    }

    /** Feeds an export to the given verifier (one that compares with the checkpoint topic, ADR 0014). */
    public static LogVerifier.Result verify(BufferedReader lines, LogVerifier verifier) throws IOException {
        long latestCheckpoint = 0;
        String line;
        long number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = MAPPER.readTree(line);
            } catch (IOException e) {
                throw new IOException("line %d is not JSON: %s".formatted(number, e.getMessage()), e);
            }
            switch (n.path("kind").asText()) {
                case "commit" -> verifier.accept(commit(n));
                case "gap" -> verifier.accept(new Gap(n.path("position").asLong()));
                case "checkpoint" -> verifier.accept(new Checkpoint(n.path("upTo").asLong(), n.path("previous").asLong(),
                        text(n, "hash"), n.path("positions").asLong(), n.path("events").asLong(), text(n, "createdAt")));
                case "end" -> latestCheckpoint = n.path("latestCheckpoint").asLong();
                default -> throw new IOException("line %d is neither a commit, a gap, a checkpoint nor the end".formatted(number));
            }
        }
        return verifier.finish(latestCheckpoint);
    }

    private static Commit commit(JsonNode n) {
        List<StoredEvent> events = new ArrayList<>();
        for (JsonNode e : n.path("events")) {
            events.add(new StoredEvent(text(e, "eventId"), e.path("sequence").asLong(), text(e, "type"),
                    text(e, "revision"), text(e, "timestamp"), text(e, "payload"), text(e, "metadata"), text(e, "hash"),
                    text(e, "prevHash")));
        }
        // the export does not carry the submission: the verifier does not need it
        return new Commit(n.path("position").asLong(), text(n, "commitId"), text(n, "aggregateType"),
                text(n, "aggregateId"), events, null);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
