package vn.thidua.projection.asof;

import java.time.Duration;

/**
 * How much a report as of an instant may cost (query-service binds them from {@code thidua.as-of.*}); a setting left
 * out ({@code null}) takes its default.
 *
 * @param maxEvents   events one such report may fold ({@code 422} beyond)
 * @param concurrency folds that may run at once per instance
 * @param queueWait   how long a request waits for one of them to be free ({@code 503} with {@code Retry-After} after)
 * @param timeout     how long one fold may take ({@code 503} after; it is abandoned and its collections dropped)
 */
public record AsOfSettings(Long maxEvents, Integer concurrency, Duration queueWait, Duration timeout) {

    public AsOfSettings {
        maxEvents = maxEvents == null ? 300_000L : maxEvents;
        concurrency = concurrency == null ? 2 : concurrency;
        queueWait = queueWait == null ? Duration.ofSeconds(2) : queueWait;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (maxEvents < 1 || concurrency < 1 || queueWait.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("thidua.as-of: max-events and concurrency must be positive, queue-wait not negative,"
                    + " timeout positive");
        }
    }
}
