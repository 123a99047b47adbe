package vn.thidua.eventlog.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import vn.thidua.eventlog.integrity.Checkpoint;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The checkpoints over the whole log, in the {@code checkpoints} collection of the event database:
 * {@code {_id: upTo, previous, hash, positions, events, createdAt}} ({@link vn.thidua.eventlog.integrity.CheckpointHasher}).
 * <p>
 * {@code previous} has a unique index: the checkpoints form one chain, never a fork, even if two publishers wrote at
 * once (the second insert fails, and its writer adopts the stored one). A document {@code _id: "latest"} remembers
 * how far the chain got, so the head is found with point lookups (from there, {@code previous = head} forward).
 */
public class Checkpoints {

    public static final String COLLECTION = "checkpoints";
    static final String LATEST = "latest";

    private final MongoCollection<Document> checkpoints;

    Checkpoints(MongoDatabase database) {
        this.checkpoints = database.getCollection(COLLECTION);
        checkpoints.createIndex(Indexes.ascending("previous"),
                new IndexOptions().unique(true).sparse(true).name("previous_unique"));
    }

    /**
     * Stores the checkpoint, or finds the one already stored after the same previous checkpoint (a re-run by the next
     * lease holder writes the same document; a different one means another publisher got there first).
     *
     * @return what is stored after {@code checkpoint.previous()}
     */
    public Checkpoint write(Checkpoint checkpoint) {
        try {
            checkpoints.insertOne(new Document("_id", checkpoint.upTo())
                    .append("previous", checkpoint.previous())
                    .append("hash", checkpoint.hash())
                    .append("positions", checkpoint.positions())
                    .append("events", checkpoint.events())
                    .append("createdAt", checkpoint.createdAt() == null ? new Date() : Date.from(java.time.Instant.parse(checkpoint.createdAt()))));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document stored = checkpoints.find(Filters.eq("previous", checkpoint.previous())).first();
            if (stored == null) {
                stored = checkpoints.find(Filters.eq("_id", checkpoint.upTo())).first();
            }
            if (stored == null) {
                throw e;
            }
            Checkpoint existing = fromDocument(stored);
            recordLatest(existing.upTo());
            return existing;
        }
        recordLatest(checkpoint.upTo());
        return checkpoint;
    }

    private void recordLatest(long upTo) {
        checkpoints.updateOne(Filters.eq("_id", LATEST), Updates.max("upTo", upTo), new UpdateOptions().upsert(true));
    }

    /** The latest checkpoint of the chain, or {@code null} when none was written. */
    public Checkpoint head() {
        Document latest = checkpoints.find(Filters.eq("_id", LATEST)).first();
        Checkpoint head = null;
        if (latest != null) {
            Document d = checkpoints.find(Filters.eq("_id", latest.getLong("upTo"))).first();
            head = d == null ? null : fromDocument(d);
        }
        // the pointer is moved after the insert: follow the chain past it
        while (true) {
            Document next = checkpoints.find(Filters.eq("previous", head == null ? 0L : head.upTo())).first();
            if (next == null) {
                return head;
            }
            head = fromDocument(next);
        }
    }

    /** How far the chain was recorded to have got (0 when never): a walk that ends before it lost checkpoints. */
    public long latestRecorded() {
        Document latest = checkpoints.find(Filters.eq("_id", LATEST)).first();
        return latest == null ? 0 : latest.getLong("upTo");
    }

    /** The checkpoints ending at the given positions, keyed by position. */
    public Map<Long, Checkpoint> endingIn(long fromInclusive, int count) {
        List<Long> wanted = LongStream.range(fromInclusive, fromInclusive + count).boxed().toList();
        Map<Long, Checkpoint> found = new HashMap<>();
        for (Document d : checkpoints.find(Filters.in("_id", wanted))) {
            Checkpoint c = fromDocument(d);
            found.put(c.upTo(), c);
        }
        return found;
    }

    private static Checkpoint fromDocument(Document d) {
        Date createdAt = d.getDate("createdAt");
        return new Checkpoint(d.getLong("_id"), d.getLong("previous"), d.getString("hash"), d.getLong("positions"),
                d.getLong("events"), createdAt == null ? null : createdAt.toInstant().toString());
    }
}
