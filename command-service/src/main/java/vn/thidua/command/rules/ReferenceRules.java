package vn.thidua.command.rules;

import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureUnit;

import java.time.LocalDate;
import java.util.List;

/**
 * Commands name units and communes by their official codes, checked against the structure register: a code the
 * register never knew is bad input; so is a unit or commune that did not exist on the day (or in the period) the
 * command is about — a district office reports for 2024, not for 2026 (docs/adr/0011). The checks of a day or a
 * period pass a code the register never knew: whether it must be known is the command's {@code …IsKnown} rule.
 */
public final class ReferenceRules {

    private ReferenceRules() {
    }

    /** @return the unit's province */
    public static String unitIsKnown(String unitId, StructureHistory structure) {
        return structure.provinceOf(StructureList.UNITS, unitId).orElseThrow(() -> new InvalidCommand("unit-unknown", "unitId",
                "%s is not a unit of the reference list %s".formatted(unitId, structure.version())));
    }

    /** @return the commune's province */
    public static String communeIsKnown(String communeCode, StructureHistory structure) {
        return structure.provinceOf(StructureList.ADMIN_UNITS, communeCode).filter(p -> isCommune(structure, communeCode))
                .orElseThrow(() -> new InvalidCommand("commune-unknown", "communeCode",
                        "%s is not a commune code of the reference list %s (5-digit GSO code)".formatted(communeCode,
                                structure.version())));
    }

    private static boolean isCommune(StructureHistory structure, String code) {
        return structure.meanings(StructureList.ADMIN_UNITS, code).stream()
                .anyMatch(m -> m.level() == vn.thidua.reference.Level.COMMUNE);
    }

    public static void unitExistsOn(String unitId, LocalDate day, StructureHistory structure) {
        existsDuring(StructureList.UNITS, "unit-not-in-structure", "unitId", unitId, day, day, structure);
    }

    public static void unitExistsDuring(String unitId, LocalDate start, LocalDate end, StructureHistory structure) {
        existsDuring(StructureList.UNITS, "unit-not-in-structure", "unitId", unitId, start, end, structure);
    }

    public static void communeExistsOn(String communeCode, LocalDate day, StructureHistory structure) {
        existsDuring(StructureList.ADMIN_UNITS, "commune-not-in-structure", "communeCode", communeCode, day, day, structure);
    }

    public static void communeExistsDuring(String communeCode, LocalDate start, LocalDate end, StructureHistory structure) {
        existsDuring(StructureList.ADMIN_UNITS, "commune-not-in-structure", "communeCode", communeCode, start, end, structure);
    }

    private static void existsDuring(StructureList list, String rule, String field, String code, LocalDate start, LocalDate end,
                                     StructureHistory structure) {
        List<StructureUnit> meanings = structure.meanings(list, code);
        if (!meanings.isEmpty() && meanings.stream().noneMatch(m -> m.validDuring(start, end))) {
            String when = start.equals(end) ? "on " + start : "in " + start + " – " + end;
            throw new InvalidCommand(rule, field, "%s did not exist %s: %s".formatted(code, when, String.join("; ",
                    meanings.stream().map(m -> m.name() + " of province " + m.provinceCode() + ", " + m.validity()).toList())));
        }
    }
}
