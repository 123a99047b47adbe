package vn.thidua.security;

import java.io.IOException;

/**
 * A request body (sent without {@code Content-Length}, chunked) went over the limit while it was read
 * ({@link LimitedRequest}): whoever reads it gets this, and the answer is {@code 413} — from
 * {@link BodySizeLimitFilter} when it propagates, from a service's error advice when a body reader wrapped it.
 */
public final class BodyTooLarge extends IOException {

    private final int maxBytes;

    BodyTooLarge(int maxBytes) {
        super("The request body exceeds %d bytes".formatted(maxBytes));
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** The body-too-large among a failure's causes, if any. */
    public static BodyTooLarge in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    /** What a 413 answer says. */
    public String detail() {
        return "A request body is at most %d bytes".formatted(maxBytes);
    }
}
