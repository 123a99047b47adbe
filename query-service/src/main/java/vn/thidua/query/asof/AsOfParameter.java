package vn.thidua.query.asof;

/** The {@code asOf} parameter of the boards, as the API description explains it. */
public final class AsOfParameter {

    /** What the API documentation says of {@code asOf}. */
    public static final String DESCRIPTION = "asOf (an instant, e.g. 2018-06-30T17:00:00Z, between 1970-01-01T00:00:00Z and "
            + "9999-12-31T23:59:59Z): the board as it stood then — computed from the events recorded up to that instant by "
            + "the same projection code; at most thidua.as-of.max-events events (422 beyond); a few such computations at a "
            + "time per instance, each within thidua.as-of.timeout (503, with Retry-After when all are busy).";

    private AsOfParameter() {
    }
}
