package vn.thidua.command.web;

import com.mongodb.MongoException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import vn.thidua.security.Problems;

import java.io.IOException;

/**
 * The event database did not answer (down, cut off, too slow, refusing writes): {@code 503 store-unavailable} with
 * {@code Retry-After}, logged in one line. Whatever the request was, a retry with the same {@code Idempotency-Key}
 * records it at most once.
 */
final class StoreUnavailable {

    static final Logger LOG = LoggerFactory.getLogger(StoreUnavailable.class);
    static final String KIND = "store-unavailable";
    static final String TITLE = "The event store is not available";
    static final String DETAIL = "The event store did not answer; the request may or may not have been recorded: retry "
            + "after Retry-After seconds with the same Idempotency-Key, which records it at most once";
    /** Seconds a client waits before asking again: about the time a restarted database takes to answer. */
    static final int RETRY_AFTER_SECONDS = 2;

    private StoreUnavailable() {
    }

    /** The store's exception in {@code e}'s causes, or null. */
    static MongoException in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoException mongo) {
                return mongo;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Written by a filter, before any controller ran. */
    static void write(HttpServletResponse response, MongoException e) throws IOException {
        LOG.warn("503 {}: {}", KIND, e.toString());
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        Problems.write(response, 503, KIND, TITLE, DETAIL);
    }
}
