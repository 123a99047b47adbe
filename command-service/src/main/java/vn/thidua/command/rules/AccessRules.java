package vn.thidua.command.rules;

/**
 * Object-level authorization, decided with the object in hand: the role allowed the endpoint (checked at the
 * edge), these rules check that the caller's unit and province own what it touches. The caller's role, unit and
 * province arrive as command metadata (from the bearer token); a command sent without them (tests, the aggregate
 * fixtures) is not restricted: every command from the HTTP edge carries them ({@code Caller}).
 */
public final class AccessRules {

    public static final String REPORTER = "UNIT_REPORTER";
    /** The Ministry of Justice's scope: its own sector-wide movements, and reading every province. */
    public static final String MINISTRY = "BTP";

    private AccessRules() {
    }

    /** A unit's reporter acts only for its own unit: its results, its activities. */
    public static void reporterActsForItsOwnUnit(String role, String callerUnit, String unitId) {
        if (REPORTER.equals(role) && (callerUnit == null || !callerUnit.equals(unitId))) {
            throw new Forbidden("A reporter of unit %s may not act for unit %s".formatted(callerUnit, unitId));
        }
    }

    /**
     * A province's admin, reporters and analysts act on their own province only; the Ministry acts on its own
     * movements, not on a province's units, communes or results.
     *
     * @param province the province that owns what the command touches ({@code BTP} for the Ministry's movements)
     */
    public static void callerActsInItsProvince(String callerProvince, String province, String what) {
        if (callerProvince != null && !callerProvince.equals(province)) {
            throw new Forbidden("A caller of %s may not act on %s of %s".formatted(scope(callerProvince), what, scope(province)));
        }
    }

    /** A province takes part in its own movements and in the Ministry's sector-wide ones, not in another province's. */
    public static void movementIsOpenToTheCaller(String callerProvince, String movementProvince, String movementId) {
        if (callerProvince != null && !callerProvince.equals(movementProvince) && !MINISTRY.equals(movementProvince)) {
            throw new Forbidden("Movement %s is %s's; a caller of %s takes part only in its own and the Ministry's movements"
                    .formatted(movementId, scope(movementProvince), scope(callerProvince)));
        }
    }

    static String scope(String province) {
        return MINISTRY.equals(province) ? "the Ministry" : "province " + province;
    }
}
