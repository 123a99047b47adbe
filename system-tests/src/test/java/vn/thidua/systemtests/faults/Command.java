package vn.thidua.systemtests.faults;

import java.util.Map;
import java.util.function.Consumer;

/**
 * One {@code POST} of the scenario, complete: where, what, as whom, under which {@code Idempotency-Key}, the status it
 * must be accepted with, and what it does to the independent {@link Fold} once accepted.
 *
 * @param key      the {@code Idempotency-Key}: the same on every attempt, unique in the run
 * @param subject  the subject of the caller's token (the log records it with the key)
 * @param token    the caller's bearer token
 * @param accepted 201 or 202
 * @param effect   what the command changes, applied to the fold once, at its first 2xx
 */
record Command(String key, String path, Map<String, Object> body, String subject, String token, int accepted,
               Consumer<Fold> effect) {

    /** The event log's record of who sent it under which key: one event per accepted command. */
    String logKey() {
        return subject + " " + key;
    }

    @Override
    public String toString() {
        return "POST " + path + " [" + key + "]";
    }
}
