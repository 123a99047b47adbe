package vn.thidua.eventlog.publication;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Which instance publishes, and how far it got: one document {@code publication/_id=kafka} holding the
 * owner, the lease's expiry and the cursor (the last log position whose events Kafka acknowledged).
 * Every write is conditional on still owning the lease, so an instance that lost it (paused past the
 * lease, network partition) cannot move the cursor; at worst it re-sends what the new owner also sends,
 * which the consumers' idempotence absorbs.
 */
public class PublisherLease {

    static final String ID = "kafka";

    private final MongoCollection<Document> collection;
    private final String owner;
    private final Duration ttl;
    private final Clock clock;

    public PublisherLease(MongoDatabase database, String owner, Duration ttl, Clock clock) {
        this.collection = database.getCollection("publication");
        this.owner = owner;
        this.ttl = ttl;
        this.clock = clock;
        try {
            collection.insertOne(new Document("_id", ID).append("owner", null)
                    .append("expiresAt", 0L).append("cursor", 0L));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** Takes or renews the lease; returns the cursor when this instance holds it. */
    public OptionalLong acquire() {
        long now = clock.millis();
        Document doc = collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", ID),
                        Filters.or(Filters.eq("owner", owner), Filters.lt("expiresAt", now))),
                Updates.combine(Updates.set("owner", owner), Updates.set("expiresAt", now + ttl.toMillis())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return doc == null ? OptionalLong.empty() : OptionalLong.of(doc.getLong("cursor"));
    }

    /**
     * Renews the lease with a durable write. Besides keeping the lease, it is a read fence: a commit read
     * before this returns is durable in the store once it returns, so nothing is published that a crash
     * of the database could still take back.
     */
    public boolean renew() {
        return update(Updates.set("expiresAt", clock.millis() + ttl.toMillis()));
    }

    /** Moves the cursor after Kafka acknowledged everything up to {@code position}. */
    public boolean advance(long position) {
        return update(Updates.combine(Updates.set("cursor", position),
                Updates.set("expiresAt", clock.millis() + ttl.toMillis())));
    }

    /**
     * Takes the lease whoever holds it (the operator's republish, {@link Republisher}): the holder's next conditional
     * write fails, so it stops publishing, and the taker's producer fences the holder's batch in flight.
     *
     * @return the cursor at the takeover: everything up to it was published
     */
    public long takeOver() {
        Document doc = collection.findOneAndUpdate(Filters.eq("_id", ID),
                Updates.combine(Updates.set("owner", owner), Updates.set("expiresAt", clock.millis() + ttl.toMillis())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return doc == null ? 0 : doc.getLong("cursor");
    }

    /** Gives the lease up so another instance takes over at once. */
    public void release() {
        update(Updates.set("expiresAt", 0L));
    }

    /** The cursor, whoever owns the lease. */
    public long cursor() {
        Document doc = collection.find(Filters.eq("_id", ID)).first();
        return doc == null ? 0 : doc.getLong("cursor");
    }

    public String owner() {
        return owner;
    }

    private boolean update(Bson update) {
        return collection.updateOne(Filters.and(Filters.eq("_id", ID), Filters.eq("owner", owner)), update)
                .getMatchedCount() == 1;
    }
}
