package vn.thidua.projection.asof;

import java.time.Instant;

/** The movement has more events up to the instant than a report as of an instant folds ({@code max-events}). */
public class AsOfTooLarge extends RuntimeException {

    public AsOfTooLarge(String movementId, long maxEvents, Instant asOf) {
        super(("Movement %s has more than %d events up to %s: more than a report as of an instant folds "
                + "(thidua.as-of.max-events)").formatted(movementId, maxEvents, asOf));
    }
}
