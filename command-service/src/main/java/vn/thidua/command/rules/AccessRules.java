package vn.thidua.command.rules;

/**
 * Object-level authorization, decided with the object in hand: the role allowed the endpoint (checked at the
 * edge), these rules check that the caller's unit owns what it touches. The caller's role and unit arrive as
 * command metadata (from the bearer token).
 */
public final class AccessRules {

    public static final String REPORTER = "UNIT_REPORTER";

    private AccessRules() {
    }

    /** A unit's reporter acts only for its own unit: its results, its activities. */
    public static void reporterActsForItsOwnUnit(String role, String callerUnit, String unitId) {
        if (REPORTER.equals(role) && (callerUnit == null || !callerUnit.equals(unitId))) {
            throw new Forbidden("A reporter of unit %s may not act for unit %s".formatted(callerUnit, unitId));
        }
    }
}
