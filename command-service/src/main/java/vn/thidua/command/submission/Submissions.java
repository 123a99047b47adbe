package vn.thidua.command.submission;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Submissions by idempotency key, in the {@code submissions} collection of the event database: who holds a key
 * (a first attempt in progress) and the answer it got. Shared by all command-service instances and kept across
 * restarts.
 * <p>
 * A first attempt claims the key by inserting it (the insert is the lock; {@code _id} = submission id). Its lease
 * ({@code lease}, a unique key: {@code id#n}) lets a retry take over an attempt that died: the takeover rewrites the
 * lease from {@code id#n} to {@code id#n+1}, and the dead attempt, if it wakes up, can no longer record an answer.
 * Every write filters on one unique key (the takeover also on the claim still being pending), so the embedded
 * MongoDB-wire server finds it from an index.
 * <p>
 * A claim records its {@code owner} instance ({@link Instances}). It is stale — taken over by a retry at once, not
 * after its lock — when its owner is dead (a crashed instance's claims do not block its retries), or when its owner is
 * this instance and no attempt here holds it any more (its answer or release could not be written, e.g. the store was
 * down at that moment).
 */
public class Submissions {

    public static final String COLLECTION = "submissions";

    private final MongoCollection<Document> submissions;
    private final Duration lockTtl;
    private final Clock clock;
    private final Instances instances;
    /** The leases held (or being claimed) by attempts running in this instance, each with its count of attempts. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    /** A store whose claims name an instance of their own (tests: one per store). */
    public Submissions(MongoDatabase database, Duration lockTtl, Clock clock) {
        this(database, lockTtl, clock, new Instances(database, Instances.newName(), Duration.ofSeconds(5), clock));
        instances.beat();
    }

    public Submissions(MongoDatabase database, Duration lockTtl, Clock clock, Instances instances) {
        this.submissions = database.getCollection(COLLECTION);
        this.lockTtl = lockTtl;
        this.clock = clock;
        this.instances = instances;
        submissions.createIndex(Indexes.ascending("lease"), new IndexOptions().unique(true).name("lease_unique"));
    }

    /** The outcome of claiming a key. */
    public sealed interface Claim {
        /** This attempt holds the key ({@code takeover}: an earlier attempt held it and died). */
        record Owned(String lease, boolean takeover) implements Claim { }

        /** The key was answered: replay the answer. */
        record Answered(SubmissionRecord answer) implements Claim { }

        /** The key was used with another request. */
        record Mismatch() implements Claim { }

        /** Another attempt holds the key and is alive. */
        record InProgress() implements Claim { }
    }

    public Claim claim(String submissionId, String fingerprint) {
        String lease = submissionId + "#0";
        hold(lease); // before the write: a retry in this instance must never find its own live claim stale
        try {
            submissions.insertOne(new Document("_id", submissionId)
                    .append("fingerprint", fingerprint)
                    .append("state", "PENDING")
                    .append("lease", lease)
                    .append("owner", instances.self())
                    .append("lockedUntil", Date.from(now().plus(lockTtl)))
                    .append("createdAt", Date.from(now())));
            return new Claim.Owned(lease, false);
        } catch (MongoWriteException e) {
            unhold(lease);
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        } catch (RuntimeException e) {
            unhold(lease);
            throw e;
        }
        Document existing = submissions.find(Filters.eq("_id", submissionId)).first();
        if (existing == null) {
            return claim(submissionId, fingerprint); // released in between
        }
        if (!fingerprint.equals(existing.getString("fingerprint"))) {
            return new Claim.Mismatch();
        }
        if ("DONE".equals(existing.getString("state"))) {
            return new Claim.Answered(answerOf(existing));
        }
        String oldLease = existing.getString("lease");
        if (!isStale(existing, oldLease)) {
            return new Claim.InProgress();
        }
        String newLease = submissionId + "#" + (Long.parseLong(oldLease.substring(oldLease.lastIndexOf('#') + 1)) + 1);
        hold(newLease);
        long taken;
        try {
            // only while still pending: the attempt holding it may have answered since it was read
            taken = submissions.updateOne(Filters.and(Filters.eq("lease", oldLease), Filters.eq("state", "PENDING")),
                    Updates.combine(
                            Updates.set("lease", newLease),
                            Updates.set("owner", instances.self()),
                            Updates.set("lockedUntil", Date.from(now().plus(lockTtl))))).getModifiedCount();
        } catch (RuntimeException e) {
            unhold(newLease);
            throw e;
        }
        if (taken != 1) {
            unhold(newLease);
            return new Claim.InProgress();
        }
        return new Claim.Owned(newLease, true);
    }

    /** The claim's lock ran out, its owner died, or it is this instance's and no attempt here holds it any more. */
    private boolean isStale(Document claim, String lease) {
        if (!claim.getDate("lockedUntil").toInstant().isAfter(now())) {
            return true;
        }
        String owner = claim.getString("owner");
        if (owner == null) {
            return false; // claimed before claims named their owner: its lock decides
        }
        return owner.equals(instances.self()) ? !held.containsKey(lease) : instances.isDead(owner);
    }

    /** Records the answer of the attempt holding {@code lease}; ignored when another attempt took the key over. */
    public void answer(String lease, SubmissionRecord answer) {
        try {
            submissions.updateOne(Filters.eq("lease", lease), Updates.combine(
                    Updates.set("state", "DONE"),
                    Updates.set("status", answer.status()),
                    Updates.set("headers", new Document(answer.headers())),
                    Updates.set("body", answer.body()),
                    Updates.set("answeredAt", Date.from(now()))));
        } finally {
            unhold(lease);
        }
    }

    /**
     * Ends the lock of the attempt holding {@code lease} without an answer: the next retry takes the key over (and so
     * asks the event log whether the submission is stored before running it again).
     */
    public void expire(String lease) {
        try {
            submissions.updateOne(Filters.eq("lease", lease), Updates.set("lockedUntil", new Date(0)));
        } finally {
            unhold(lease);
        }
    }

    /** Gives the key up (the attempt has no answer worth replaying, e.g. the store was down): a retry starts afresh. */
    public void release(String lease) {
        try {
            submissions.deleteOne(Filters.eq("lease", lease));
        } finally {
            unhold(lease);
        }
    }

    private void hold(String lease) {
        held.merge(lease, 1, Integer::sum);
    }

    private void unhold(String lease) {
        held.computeIfPresent(lease, (k, n) -> n == 1 ? null : n - 1);
    }

    private static SubmissionRecord answerOf(Document d) {
        Map<String, String> headers = new LinkedHashMap<>();
        Document h = d.get("headers", Document.class);
        if (h != null) {
            h.forEach((k, v) -> headers.put(k, String.valueOf(v)));
        }
        return new SubmissionRecord(d.getInteger("status"), headers, d.getString("body"));
    }

    private Instant now() {
        return clock.instant();
    }
}
