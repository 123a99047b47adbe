package vn.thidua.reference;

import java.util.Map;
import java.util.Optional;

/** Where a unit stands: an administrative level, or a justice unit (which belongs to a province or a district). */
public enum Level {
    PROVINCE, DISTRICT, COMMUNE, JUSTICE_UNIT;

    /** The types of each list, with their level: the GSO's kinds of administrative unit, and the kinds of justice unit. */
    private static final Map<String, Level> ADMIN_TYPES = Map.of(
            "tinh", PROVINCE, "thanh-pho-tw", PROVINCE,
            "huyen", DISTRICT, "quan", DISTRICT, "thi-xa", DISTRICT, "thanh-pho", DISTRICT,
            "xa", COMMUNE, "phuong", COMMUNE, "thi-tran", COMMUNE, "dac-khu", COMMUNE);
    private static final Map<String, Level> UNIT_TYPES = Map.of(
            "DIVISION", JUSTICE_UNIT, "CENTRE", JUSTICE_UNIT, "DISTRICT_OFFICE", JUSTICE_UNIT);

    /** The level of a type in a list; empty when the list has no such type. */
    public static Optional<Level> of(StructureList list, String type) {
        return Optional.ofNullable((list == StructureList.ADMIN_UNITS ? ADMIN_TYPES : UNIT_TYPES).get(type));
    }

    /** The types a list knows, for messages. */
    public static String typesOf(StructureList list) {
        return String.join(", ", (list == StructureList.ADMIN_UNITS ? ADMIN_TYPES : UNIT_TYPES).keySet().stream().sorted().toList());
    }
}
