package vn.thidua.eventlog.store;

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
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.Gap;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.integrity.EventHash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
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
 * <p>
 * Tamper evidence (docs/integrity.md): every event is stored with its {@code hash} and the {@code prevHash} of the
 * event before it in its stream, computed when the commit is appended ({@link EventHash}). The previous hash comes
 * from a bounded cache of each stream's last (sequence, hash), filled by appends and stream reads; on a miss the
 * commit holding the previous sequence is found by probing {@code stream} keys backwards (point lookups). A stale
 * previous hash cannot be stored: the commit would collide with the newer one on {@code stream} first.
 */
public class MongoCommitLog {

    private static final Logger log = LoggerFactory.getLogger(MongoCommitLog.class);
    static final int PROBE_WINDOW = 16;
    public static final String COLLECTION = "events";

    private final MongoCollection<Document> events;
    private final AtomicLong nextPosition = new AtomicLong();
    private final List<LongConsumer> appendListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> streamListeners = new CopyOnWriteArrayList<>();
    private final StreamTips tips;
    private final Checkpoints checkpoints;

    public MongoCommitLog(MongoDatabase database) {
        this(database, StreamTips.DEFAULT_SIZE);
    }

    /** @param tipCacheSize how many streams' last (sequence, hash) are remembered for the next append */
    public MongoCommitLog(MongoDatabase database, int tipCacheSize) {
        this.events = database.getCollection(COLLECTION);
        this.tips = new StreamTips(tipCacheSize);
        this.checkpoints = new Checkpoints(database);
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

    /** Called with the aggregate type and id of every commit this instance stored, before the append returns (e.g. to drop a cached view). */
    public void onAppendedTo(BiConsumer<String, String> listener) {
        streamListeners.add(listener);
    }

    /**
     * Stores the commit atomically at the next free position.
     *
     * @return the position it was stored at
     * @throws StreamConflict      when another commit already holds the aggregate sequence
     * @throws DuplicateSubmission when a commit of the same submission is already stored
     */
    public long append(Commit unhashed) {
        Commit commit = hashed(requireEvents(unhashed));
        long position = nextPosition.getAndIncrement();
        while (true) {
            try {
                insert(toDocument(commit.at(position)));
                long stored = position;
                remember(commit);
                streamListeners.forEach(listener -> listener.accept(commit.aggregateType(), commit.aggregateId()));
                appendListeners.forEach(listener -> listener.accept(stored));
                return stored;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                Document atPosition = events.find(Filters.eq("_id", position)).first();
                if (atPosition != null && commit.commitId().equals(atPosition.getString("commitId"))) {
                    remember(commit);
                    streamListeners.forEach(listener -> listener.accept(commit.aggregateType(), commit.aggregateId()));
                    return position; // an earlier attempt of this very insert succeeded
                }
                if (atPosition == null) {
                    // the position is free, so a unique key collided: the submission was stored before,
                    // or another writer won the sequence
                    sealGap(position);
                    tips.forget(commit.aggregateId());
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

    /** The commit with every event's {@code hash} and {@code prevHash} filled in, chained to the stream's last event. */
    private Commit hashed(Commit commit) {
        String prev = previousHash(commit.aggregateId(), commit.firstSequence());
        return commit.withEvents(EventHash.chain(commit.aggregateType(), commit.aggregateId(), prev, commit.events()));
    }

    private void remember(Commit commit) {
        StoredEvent last = commit.events().get(commit.events().size() - 1);
        tips.remember(commit.aggregateId(), last.sequence(), last.hash());
    }

    /** The hash of the event at {@code sequence - 1} of the aggregate ({@link EventHash#GENESIS} for sequence 0). */
    String previousHash(String aggregateId, long sequence) {
        if (sequence == 0) {
            return EventHash.GENESIS;
        }
        String cached = tips.hashAt(aggregateId, sequence - 1);
        if (cached != null) {
            return cached;
        }
        long wanted = sequence - 1;
        // the commit holding `wanted` starts at or before it: probe stream keys backwards, one window at a time
        for (long high = wanted; high >= 0; high -= PROBE_WINDOW) {
            long low = Math.max(0, high - PROBE_WINDOW + 1);
            List<String> keys = LongStream.rangeClosed(low, high).mapToObj(seq -> streamKey(aggregateId, seq)).toList();
            Commit holder = null;
            for (Document d : events.find(Filters.in("stream", keys))) {
                Commit c = fromDocument(d);
                if (c.firstSequence() <= wanted && c.lastSequence() >= wanted
                        && (holder == null || c.firstSequence() > holder.firstSequence())) {
                    holder = c;
                }
            }
            if (holder != null) {
                StoredEvent previous = holder.events().get((int) (wanted - holder.firstSequence()));
                return previous.hash() != null ? previous.hash() : legacyHash(aggregateId, wanted);
            }
        }
        throw new IllegalStateException("Aggregate %s has no event at sequence %d to chain sequence %d to"
                .formatted(aggregateId, wanted, sequence));
    }

    /**
     * A stream written before events were hashed: the hashes its events would have had, chained from the start
     * (what the next event links to; the verifier still reports the unhashed events).
     */
    private String legacyHash(String aggregateId, long sequence) {
        String prev = EventHash.GENESIS;
        for (Commit c : readStream(aggregateId, 0)) {
            for (StoredEvent e : c.events()) {
                String hash = e.hash() != null ? e.hash() : EventHash.of(c.aggregateType(), aggregateId, e.sequence(),
                        e.eventId(), e.type(), e.revision(), e.timestamp(), e.payload(), e.metadata(), prev);
                if (e.sequence() == sequence) {
                    return hash;
                }
                prev = hash;
            }
        }
        throw new IllegalStateException("Aggregate %s has no event at sequence %d".formatted(aggregateId, sequence));
    }

    /** The checkpoints over this log (stored alongside it, in the same database). */
    public Checkpoints checkpoints() {
        return checkpoints;
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
            LogEntry entry = d.getBoolean("gap", false) ? new Gap(d.getLong("_id")) : fromDocument(d);
            found.put(entry.position(), entry);
        }
        return found;
    }

    /** The aggregate's commits from the one starting at {@code firstSequence}, in order. */
    public List<Commit> readStream(String aggregateId, long firstSequence) {
        if (firstSequence > 0 && events.find(Filters.eq("stream", streamKey(aggregateId, firstSequence)))
                .projection(Projections.include("_id")).first() == null) {
            // the usual question of a cached view ("anything after version n?"), answered by one point lookup
            return List.of();
        }
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
                if (!stream.isEmpty()) {
                    remember(stream.get(stream.size() - 1)); // what Axon loads is what the next append chains to
                }
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
                .append("metadata", e.metadata())
                .append("hash", e.hash())
                .append("prevHash", e.prevHash())).toList();
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
                e.getString("timestamp"), e.getString("payload"), e.getString("metadata"), e.getString("hash"),
                e.getString("prevHash"))).toList();
        String submission = d.getString("submission");
        return requireEvents(new Commit(d.getLong("_id"), d.getString("commitId"), d.getString("aggregateType"),
                d.getString("aggregateId"), events, submission == null ? d.getString("commitId") : submission));
    }

    /** The log neither stores nor reads a commit without events (the verifier reports one found in an export). */
    private static Commit requireEvents(Commit commit) {
        if (commit.events().isEmpty()) {
            throw new IllegalArgumentException("A commit holds at least one event");
        }
        return commit;
    }
}
