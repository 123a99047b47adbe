package vn.thidua.reference;

/**
 * A justice unit that can enrol in movements, report results and support communes.
 *
 * @param kind         {@code DIVISION}, {@code CENTRE} or {@code DISTRICT_OFFICE}
 * @param districtCode the district of a district justice office, {@code null} for the Department's own units
 */
public record Unit(String id, String name, String kind, String districtCode) {
}
