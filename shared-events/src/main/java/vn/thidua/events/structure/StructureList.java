package vn.thidua.events.structure;

/** Which list of a province a structure version replaces. */
public enum StructureList {
    /** The administrative units: the province, its districts (until 30/06/2025) and its communes, with GSO codes. */
    ADMIN_UNITS,
    /** The justice units that enrol, report and support communes: the Department's divisions, district offices. */
    UNITS
}
