package vn.thidua.security;

/**
 * The roles of docs/product.md ("Who uses it"), as they appear in the token's {@code roles} claim, and the operators
 * who run the services.
 */
public enum Role {
    /** The department's emulation office: movements, assignments, reviews. */
    PROVINCE_ADMIN,
    /** A unit's reporter: its own results and the activities of communes assigned to it. */
    UNIT_REPORTER,
    /** Reads reports and exports; writes nothing. */
    ANALYST,
    /** Reads the event history, replays, verifies; writes nothing. */
    AUDITOR,
    /**
     * The people (and their monitoring) running the services: read the management endpoints ({@code /actuator/**}
     * but health, e.g. metrics for Prometheus); nothing of the API.
     */
    OPERATOR
}
