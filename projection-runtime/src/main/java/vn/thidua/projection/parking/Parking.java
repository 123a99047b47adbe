package vn.thidua.projection.parking;

import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.documents.ConcurrentWrite;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch to a projection so that one event its handler fails on does not stop the stream: when the batch
 * fails for a reason of the event itself (not the database being away), the batch is applied again one stream at a
 * time, one event at a time; an event that fails is <b>parked</b> ({@value #COLLECTION}, with the projection, the
 * error and the record), and so is every later event of its stream — a projection that folds a stream must not see it
 * with a hole — while every other stream goes on. A record that cannot be read at all is parked too
 * ({@link #parkUnreadable}). Nothing is skipped silently: each parked event is logged, counted
 * ({@code thidua.projection.parked}) and kept for a retry after a fix ({@link ParkedEvents}).
 * <p>
 * A failure of the database (unreachable, timed out, no primary, another instance writing the same document at
 * the same time) is not the event's fault: it is thrown, and the whole batch is retried later.
 */
public final class Parking {

    /** Where parked events and unreadable records are kept. */
    public static final String COLLECTION = "parked_events";
    private static final Logger log = LoggerFactory.getLogger(Parking.class);

    /** One event as received: decoded, with its raw record and its place in the topic ({@code topic-partition@offset}). */
    public record Received(DomainEvent event, byte[] raw, String coordinates) {
    }

    private final MongoCollection<Document> parked;
    private final Counter parkedCounter;

    public Parking(MongoDatabase database, MeterRegistry meters) {
        this.parked = database.getCollection(COLLECTION);
        this.parkedCounter = Counter.builder("thidua.projection.parked").description("events parked by a failing projection")
                .register(meters);
    }

    public void apply(Projection projection, List<Received> batch) {
        List<DomainEvent> events = batch.stream().map(Received::event).toList();
        try {
            projection.apply(events);
            return;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            log.warn("Projection {} failed on a batch of {} events ({}); applying them one by one", projection.name(),
                    events.size(), e.toString());
        }
        Map<String, List<Received>> byStream = new LinkedHashMap<>();
        batch.forEach(r -> byStream.computeIfAbsent(r.event().aggregateId(), id -> new ArrayList<>()).add(r));
        Set<String> stopped = new HashSet<>();
        for (Map.Entry<String, List<Received>> stream : byStream.entrySet()) {
            List<Received> ordered = new ArrayList<>(stream.getValue());
            ordered.sort((a, b) -> Long.compare(a.event().sequence(), b.event().sequence()));
            for (Received r : ordered) {
                if (stopped.contains(stream.getKey())) {
                    park(projection, r, "an earlier event of its stream is parked");
                    continue;
                }
                try {
                    projection.apply(List.of(r.event()));
                } catch (RuntimeException e) {
                    if (isTransient(e)) {
                        throw e;
                    }
                    park(projection, r, e.toString());
                    stopped.add(stream.getKey());
                }
            }
        }
    }

    private void park(Projection projection, Received r, String error) {
        DomainEvent e = r.event();
        String id = projection.name() + ":" + e.position() + "-" + e.index();
        log.error("Parking event {} #{} ({}) of {} for projection {}: {}", e.aggregateId(), e.sequence(),
                e.payload().getClass().getSimpleName(), r.coordinates(), projection.name(), error);
        parked.replaceOne(new Document("_id", id), new Document("_id", id)
                .append("projection", projection.name())
                .append("aggregateId", e.aggregateId())
                .append("sequence", e.sequence())
                .append("position", e.position())
                .append("type", e.payload().getClass().getSimpleName())
                .append("record", r.coordinates())
                .append("value", r.raw() == null ? null : new Binary(r.raw()))
                .append("error", error)
                .append("parkedAt", new Date()), new ReplaceOptions().upsert(true));
        parkedCounter.increment();
    }

    /**
     * Parks a record that is not a readable event (not an envelope, a payload that does not fit its type, a tombstone)
     * under its place in the topic; the stream goes on after it.
     */
    public void parkUnreadable(String coordinates, String key, byte[] value, Exception error) {
        log.error("Parking unreadable record {}: {}", coordinates, error.toString());
        parked.replaceOne(new Document("_id", coordinates), new Document("_id", coordinates)
                .append("key", key)
                // a record without a value (a tombstone) is parked too, not a reason to stop the stream
                .append("value", value == null ? null : new Binary(value))
                .append("error", error.toString()).append("parkedAt", new Date()), new ReplaceOptions().upsert(true));
    }

    /** MongoDB's code for a write refused for lack of disk space (the embedded store's too): retried, not parked. */
    static final int OUT_OF_DISK_SPACE = 14031;

    /** The database was away, busy or out of disk space: not the event's fault. */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoException m && m.getCode() == OUT_OF_DISK_SPACE) {
                return true;
            }
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException
                    || t instanceof MongoInterruptedException || t instanceof MongoWriteConcernException
                    || t instanceof ConcurrentWrite
                    || (t instanceof MongoException m && (m.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                    || m.hasErrorLabel("RetryableWriteError")))) {
                return true;
            }
        }
        return false;
    }
}
