package vn.thidua.command.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * The event log: one document per commit in the {@code events} collection.
 * <p>
 * Every read is a point lookup, so its cost does not grow with the size of the log (the embedded
 * MongoDB-wire server answers only {@code _id} and single-field unique-index lookups without a scan):
 * <ul>
 *   <li>{@code _id} is the commit's <b>global position</b> (1, 2, 3 …). The publisher reads the log in
 *       order with {@code _id $in [p+1 … p+n]}.</li>
 *   <li>{@code stream} ({@code aggregateId#firstSequence}) has a unique index: it is the optimistic lock
 *       (two writers appending at the same sequence collide) and the aggregate's events are found by
 *       probing {@code stream $in [id#s … id#s+n]}.</li>
 * </ul>
 * Positions are handed out in memory and claimed by the insert itself: a position taken by another
 * instance (or sealed by the publisher as a gap, see {@link #sealGap}) makes the insert fail on
 * {@code _id} and the writer moves on to a free position. So a position either holds one commit or one
 * gap marker, and the publisher never skips a commit that is inserted late.
 */
public class MongoCommitLog {

    private static final Logger log = LoggerFactory.getLogger(MongoCommitLog.class);
    static final int PROBE_WINDOW = 16;
    public static final String COLLECTION = "events";

    private final MongoCollection<Document> events;
    private final AtomicLong nextPosition = new AtomicLong();
    private final List<LongConsumer> appendListeners = new CopyOnWriteArrayList<>();

    public MongoCommitLog(MongoDatabase database) {
        this.events = database.getCollection(COLLECTION);
        events.createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true).name("stream_unique"));
        // sparse: logs written before submissions were recorded have commits without the field
        events.createIndex(Indexes.ascending("submission"), new IndexOptions().unique(true).sparse(true).name("submission_unique"));
        Document last = events.find().sort(Sorts.descending("_id")).projection(Projections.include("_id")).first();
        nextPosition.set(last == null ? 1 : last.getLong("_id") + 1);
        log.info("Event log opened; next position {}", nextPosition.get());
    }

    /** Called with the position of every commit this instance stored (e.g. to wake the publisher). */
    public void onAppended(LongConsumer listener) {
        appendListeners.add(listener);
    }

    /**
     * Stores the commit atomically at the next free position.
     *
     * @return the position it was stored at
     * @throws StreamConflict      when another commit already holds the aggregate sequence
     * @throws DuplicateSubmission when a commit of the same submission is already stored
     */
    public long append(Commit commit) {
        long position = nextPosition.getAndIncrement();
        while (true) {
            try {
                insert(toDocument(commit.at(position)));
                long stored = position;
                appendListeners.forEach(listener -> listener.accept(stored));
                return stored;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document atPosition = events.find(Filters.eq("_id", position)).first();
                if (atPosition != null && commit.commitId().equals(atPosition.getString("commitId"))) {
                    return position; // an earlier attempt of this very insert succeeded
                }
                if (atPosition == null) {
                    // the position is free, so a unique key collided: the submission was stored before,
                    // or another writer won the sequence
                    sealGap(position);
                    if (events.find(Filters.eq("submission", commit.submission())).first() != null) {
                        throw new DuplicateSubmission(commit.submission());
                    }
                    throw new StreamConflict(commit.aggregateId(), commit.firstSequence());
                }
                long taken = position;
                position = claimAfter(taken);
                log.debug("Position {} was taken; retrying at {}", taken, position);
            }
        }
    }

    /** Whether a commit of this submission is stored (a point lookup on the unique {@code submission} key). */
    public boolean holdsSubmission(String submission) {
        return events.find(Filters.eq("submission", submission)).projection(Projections.include("_id")).first() != null;
    }

    /** The single write of an append; tests override it to delay or lose a writer between claim and insert. */
    protected void insert(Document commit) {
        events.insertOne(commit);
    }

    /** Moves past the occupied positions after {@code taken} and claims the next free one. */
    private long claimAfter(long taken) {
        long highest = taken;
        while (true) {
            List<Long> window = LongStream.rangeClosed(highest + 1, highest + PROBE_WINDOW).boxed().toList();
            long found = highest;
            for (Document d : events.find(Filters.in("_id", window)).projection(Projections.include("_id"))) {
                found = Math.max(found, d.getLong("_id"));
            }
            if (found == highest) {
                break;
            }
            highest = found;
        }
        long floor = highest + 1;
        nextPosition.accumulateAndGet(floor, Math::max);
        return nextPosition.getAndIncrement();
    }

    /**
     * Marks a position that holds no commit, so readers stop waiting for it. If a writer's commit
     * already holds the position, nothing changes and {@code false} is returned; once sealed, a late
     * writer's insert fails on the position and it moves to a new one.
     */
    public boolean sealGap(long position) {
        try {
            events.insertOne(new Document("_id", position)
                    .append("stream", "~gap#" + position)
                    .append("submission", "~gap#" + position)
                    .append("gap", true)
                    .append("sealedAt", new Date()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** The entries (commits or gap markers) at the given positions, keyed by position. */
    public Map<Long, LogEntry> readPositions(long fromInclusive, int count) {
        List<Long> wanted = LongStream.range(fromInclusive, fromInclusive + count).boxed().toList();
        Map<Long, LogEntry> found = new LinkedHashMap<>();
        for (Document d : events.find(Filters.in("_id", wanted))) {
            LogEntry entry = d.getBoolean("gap", false)
                    ? LogEntry.gap(d.getLong("_id"))
                    : LogEntry.of(fromDocument(d));
            found.put(entry.position(), entry);
        }
        return found;
    }

    /** The aggregate's commits from the one starting at {@code firstSequence}, in order. */
    public List<Commit> readStream(String aggregateId, long firstSequence) {
        List<Commit> stream = new ArrayList<>();
        long expected = firstSequence;
        while (true) {
            long windowStart = expected;
            List<String> keys = LongStream.range(windowStart, windowStart + PROBE_WINDOW)
                    .mapToObj(seq -> streamKey(aggregateId, seq)).toList();
            List<Commit> window = new ArrayList<>();
            events.find(Filters.in("stream", keys)).forEach(d -> window.add(fromDocument(d)));
            window.sort(Comparator.comparingLong(Commit::firstSequence));
            for (Commit c : window) {
                if (c.firstSequence() == expected) {
                    stream.add(c);
                    expected = c.lastSequence() + 1;
                }
            }
            if (expected < windowStart + PROBE_WINDOW) {
                return stream;
            }
        }
    }

    /** The highest position in use when this instance started or last looked (for statistics). */
    public long nextPosition() {
        return nextPosition.get();
    }

    static String streamKey(String aggregateId, long sequence) {
        return aggregateId + "#" + sequence;
    }

    private static Document toDocument(Commit c) {
        List<Document> events = c.events().stream().map(e -> new Document("eventId", e.eventId())
                .append("seq", e.sequence())
                .append("type", e.type())
                .append("revision", e.revision())
                .append("timestamp", e.timestamp())
                .append("payload", e.payload())
                .append("metadata", e.metadata())).toList();
        return new Document("_id", c.position())
                .append("stream", streamKey(c.aggregateId(), c.firstSequence()))
                .append("commitId", c.commitId())
                .append("submission", c.submission())
                .append("aggregateType", c.aggregateType())
                .append("aggregateId", c.aggregateId())
                .append("firstSeq", c.firstSequence())
                .append("lastSeq", c.lastSequence())
                .append("storedAt", new Date())
                .append("events", events);
    }

    private static Commit fromDocument(Document d) {
        List<StoredEvent> events = d.getList("events", Document.class).stream().map(e -> new StoredEvent(
                e.getString("eventId"), e.getLong("seq"), e.getString("type"), e.getString("revision"),
                e.getString("timestamp"), e.getString("payload"), e.getString("metadata"))).toList();
        String submission = d.getString("submission");
        return new Commit(d.getLong("_id"), d.getString("commitId"), d.getString("aggregateType"),
                d.getString("aggregateId"), events, submission == null ? d.getString("commitId") : submission);
    }

    /** What a position of the log holds: a commit, or a sealed gap. */
    public record LogEntry(long position, Commit commit) {
        static LogEntry of(Commit c) {
            return new LogEntry(c.position(), c);
        }

        static LogEntry gap(long position) {
            return new LogEntry(position, null);
        }

        public boolean isGap() {
            return commit == null;
        }
    }
}
