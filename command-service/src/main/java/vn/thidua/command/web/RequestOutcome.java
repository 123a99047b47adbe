package vn.thidua.command.web;

/**
 * Request attributes through which the command path tells the idempotency filter what happened to a request.
 */
public final class RequestOutcome {

    /** A command was handed to the bus, so the answer is a decision worth replaying to retries. */
    public static final String COMMAND_SENT = "thidua.command-sent";
    /** This attempt took its Idempotency-Key over from an earlier attempt that died. */
    public static final String TAKEOVER = "thidua.submission-takeover";
    /** The answer says "try again" (a concurrent change, the store unavailable): it is not replayed. */
    public static final String RETRYABLE = "thidua.retryable";

    private RequestOutcome() {
    }
}
