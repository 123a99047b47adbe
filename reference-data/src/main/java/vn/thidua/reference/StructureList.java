package vn.thidua.reference;

/** The two lists of a province's structure: its administrative units and its justice units. */
public enum StructureList {
    /** The province, its districts (there are none from 1 July 2025) and its communes, wards and towns: GSO codes. */
    ADMIN_UNITS,
    /** The justice units that enrol in movements, report and support communes: the Department's divisions, centres, the district offices. */
    UNITS
}
