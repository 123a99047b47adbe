package vn.thidua.eventlog.envelope;

import java.io.IOException;

/** Bytes that are JSON but not an event envelope: not an object, or a field every envelope has is missing. */
public final class MalformedEnvelope extends IOException {

    public MalformedEnvelope(String message) {
        super(message);
    }
}
