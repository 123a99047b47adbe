package vn.thidua.query.live;

/** This instance serves as many live streams as it may (503 with {@code Retry-After}). */
public class LiveBusy extends RuntimeException {

    private final long retryAfterSeconds;

    public LiveBusy(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
