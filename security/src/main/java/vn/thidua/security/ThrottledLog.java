package vn.thidua.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Log lines about refused requests, at most one per key (e.g. a kind of refusal and a client address) and interval: a
 * flood of forged tokens costs one line a minute, not one per request. The next line of a key says how many were not
 * logged before it; a key that goes quiet gets a last line with its count when its interval ends. Bounded memory
 * (Caffeine, at most {@code maxKeys} keys).
 */
public final class ThrottledLog {

    private static final Logger log = LoggerFactory.getLogger(ThrottledLog.class);

    private static final class Window {
        long loggedAt;
        long notLogged;

        Window(long loggedAt) {
            this.loggedAt = loggedAt;
        }
    }

    private final long intervalNanos;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    public ThrottledLog(Duration interval, long maxKeys) {
        this(interval, maxKeys, Ticker.systemTicker(), Scheduler.systemScheduler());
    }

    ThrottledLog(Duration interval, long maxKeys, Ticker ticker, Scheduler scheduler) {
        this.intervalNanos = interval.toNanos();
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterWrite(interval).ticker(ticker)
                .scheduler(scheduler)
                .<String, Window>removalListener((key, window, cause) -> {
                    if (window != null && cause == RemovalCause.EXPIRED && window.notLogged > 0) {
                        log.warn("{}: {} more not logged in the last {} s", key, window.notLogged, intervalNanos / 1_000_000_000L);
                    }
                })
                .build();
    }

    /**
     * Whether a line for {@code key} is to be logged now: {@code -1} if not (one was logged within the interval; it is
     * counted), else how many were not logged since the key's last line.
     */
    public long admit(String key) {
        long now = ticker.read();
        Window created = new Window(now);
        Window window = windows.get(key, k -> created);
        if (window == created) {
            return 0;
        }
        synchronized (window) {
            if (now - window.loggedAt < intervalNanos) {
                window.notLogged++;
                return -1;
            }
            long notLogged = window.notLogged;
            window.notLogged = 0;
            window.loggedAt = now;
            windows.put(key, window); // a new interval: expires (and reports) from now
            return notLogged;
        }
    }

    /** The keys remembered now (after pending evictions). */
    long keys() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    /** " (n more not logged since the last line)" when n &gt; 0: the tail of an admitted line. */
    public static String tail(long notLogged) {
        return notLogged > 0 ? " (%d more not logged since the last line)".formatted(notLogged) : "";
    }

    /** Text of a request (a path, a header) for a log line: printable ASCII only, at most 200 characters. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > 200 ? out + "…" : out.toString();
    }
}
