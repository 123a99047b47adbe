package vn.thidua.command.submission;

import org.axonframework.modelling.command.ConcurrencyException;
import vn.thidua.eventlog.store.DuplicateSubmission;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One attempt at a submission, from the claim of its {@code Idempotency-Key} to its answer. It is the one place that
 * decides whether the command runs and whether the answer is remembered for retries (docs/adr/0002-write-model.md):
 * <ul>
 *   <li><b>the command runs at most once per submission.</b> An attempt that took the key over from one that died
 *       first asks the event log whether that one stored the submission; if so it does not run the command again and
 *       answers as the first attempt would have. Two attempts running at once cannot both commit: the second commit
 *       fails on the log's unique {@code submission} key, which counts as done.</li>
 *   <li><b>the answer is remembered when it is a decision</b>: the command reached the bus and got a 2xx or a refusal
 *       of the rules (4xx). An answer given before the command was sent (a malformed or invalid body, a caller refused
 *       at the edge), a concurrent change, or a 5xx decides nothing: the key is freed and a retry runs again.</li>
 * </ul>
 * A request without a key makes a submission too (with a random id), which remembers nothing. An attempt lives on
 * one request thread: the idempotency filter starts and finishes it, the command sender runs its command.
 */
public final class Submission {

    private final String id;
    private final String key;
    private final String lease;
    private final boolean takeover;
    private final Submissions store;
    private final MongoCommitLog log;
    private boolean sent;
    private boolean retryable;
    private boolean storedBefore;

    Submission(String id, String key, String lease, boolean takeover, Submissions store, MongoCommitLog log) {
        this.id = id;
        this.key = key;
        this.lease = lease;
        this.takeover = takeover;
        this.store = store;
        this.log = log;
    }

    /** A request without an {@code Idempotency-Key}: a submission of its own, nothing remembered. */
    public static Submission withoutKey() {
        return new Submission(UUID.randomUUID().toString(), null, null, false, null, null);
    }

    /** The submission id of a caller's idempotency key: the same for every retry, different for every caller. */
    public static String idOf(String subject, String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("submission\n" + subject + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Unique per submission: stored with the commit, whose unique key refuses a second commit of it. */
    public String id() {
        return id;
    }

    /** The {@code Idempotency-Key}, or {@code null}. */
    public String key() {
        return key;
    }

    /** This attempt took the key over from an earlier attempt that died before it answered. */
    public boolean isTakeover() {
        return takeover;
    }

    /**
     * Runs the command of this attempt ({@code send} hands it to the bus and waits), at most once per submission.
     * From here on the answer is a decision, unless the command met a concurrent change.
     */
    public void run(Runnable send) {
        sent = true;
        if (takeover && log.holdsSubmission(id)) {
            storedBefore = true;
            return; // the attempt that died stored this submission: answer as it would have
        }
        try {
            send.run();
        } catch (DuplicateSubmission e) {
            // another attempt of this submission committed first: nothing new is recorded
        } catch (ConcurrencyException e) {
            retryable = true; // another request changed the aggregate first: a retry may succeed
            throw e;
        }
    }

    /**
     * An earlier attempt stored this submission, so this one recorded nothing and its answer repeats that attempt's
     * (which may have reached the caller before its answer could be remembered): a replay for the caller.
     */
    public boolean isReplayOfStoredSubmission() {
        return storedBefore;
    }

    /**
     * Ends the attempt with the answer it gave: remembered for retries when it is a decision. Otherwise the key is
     * freed — unless the command was sent and failed for want of the store (a connection cut mid-commit): it may be
     * stored, so the key's lock is expired instead, and the retry takes it over and asks the log first, as after a crash.
     */
    public void finish(SubmissionRecord answer) {
        if (lease == null) {
            return;
        }
        if (sent && !retryable && answer.status() < 500) {
            store.answer(lease, answer);
        } else if (sent && !retryable) {
            store.expire(lease);
        } else {
            store.release(lease);
        }
    }

    /** Ends the attempt without an answer (the request failed): a retry starts afresh, asking the log first if it was sent. */
    public void abandon() {
        if (lease == null) {
            return;
        }
        if (sent && !retryable) {
            store.expire(lease);
        } else {
            store.release(lease);
        }
    }

    @Override
    public String toString() {
        return "Submission[" + id + (takeover ? ", takeover]" : "]");
    }
}
