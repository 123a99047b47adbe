package vn.thidua.eventlog.store;

/**
 * The log already holds a commit of this submission (same caller, same idempotency key): a retry whose first
 * attempt was stored. Nothing new is written.
 */
public class DuplicateSubmission extends RuntimeException {

    public DuplicateSubmission(String submission) {
        super("Submission %s is already recorded".formatted(submission));
    }
}
