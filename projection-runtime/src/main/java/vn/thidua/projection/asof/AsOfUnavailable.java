package vn.thidua.projection.asof;

import java.time.Duration;
import java.time.Instant;

/** A report as of an instant is not computed now: every fold slot stayed busy, or the fold took too long. */
public class AsOfUnavailable extends RuntimeException {

    public enum Reason {
        /** Every fold slot stayed busy for {@code queue-wait}: worth asking again after {@link #retryAfterSeconds()}. */
        BUSY,
        /** The fold took longer than {@code timeout} and was abandoned. */
        TOO_SLOW
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    private AsOfUnavailable(Reason reason, String message, long retryAfterSeconds) {
        super(message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static AsOfUnavailable busy(int concurrency, Duration queueWait) {
        long retryAfter = Math.max(1, queueWait.toSeconds());
        return new AsOfUnavailable(Reason.BUSY, ("All %d computations of a report as of an instant are busy "
                + "(thidua.as-of.concurrency); retry after %d s").formatted(concurrency, retryAfter), retryAfter);
    }

    static AsOfUnavailable tooSlow(Instant asOf, Duration timeout) {
        return new AsOfUnavailable(Reason.TOO_SLOW, ("The report as of %s could not be computed within %d s "
                + "(thidua.as-of.timeout); try again later").formatted(asOf, timeout.toSeconds()), 0);
    }

    public Reason reason() {
        return reason;
    }

    /** Seconds worth waiting before asking again; 0 when there is no such time. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
