package vn.thidua.command.structure;

import vn.thidua.command.rules.AccessRules;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.reference.LineProblem;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureRefused;
import vn.thidua.reference.StructureVersion;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The named rules of imports into the structure register; each throws with its name and a reason a person can read. */
final class StructureRules {

    private StructureRules() {
    }

    /** A province's admin imports its own province's lists; the Ministry imports any province's. */
    static void callerMayImportForTheProvince(String callerProvince, StructureVersion version) {
        if (callerProvince != null && !AccessRules.MINISTRY.equals(callerProvince)) {
            AccessRules.callerActsInItsProvince(callerProvince, version.provinceCode(), "the structure");
        }
    }

    /**
     * A version formed from units of another province ends that province's units (provinces merged on 1 July 2025):
     * only the Ministry imports it.
     */
    static void onlyTheMinistryMergesProvinces(String callerProvince, StructureVersion version, StructureHistory register) {
        if (callerProvince == null || AccessRules.MINISTRY.equals(callerProvince)) {
            return;
        }
        LocalDate dayBefore = version.effectiveFrom().minusDays(1);
        Set<String> others = new TreeSet<>();
        version.lines().forEach(l -> l.formedFrom().forEach(p -> register.on(version.list(), p, dayBefore)
                .map(u -> u.provinceCode()).filter(pr -> !pr.equals(version.provinceCode())).ifPresent(others::add)));
        if (!others.isEmpty()) {
            throw new Forbidden(("A version of province %s formed from units of province %s ends that province's units: "
                    + "only the Ministry imports it").formatted(version.provinceCode(), String.join(", ", others)));
        }
    }

    /** Every line fits the register: see {@link StructureHistory#check}. Nothing of a refused version is applied. */
    static void versionFitsTheRegister(StructureVersion version, StructureHistory register) {
        List<LineProblem> problems = register.check(version);
        if (!problems.isEmpty()) {
            throw new StructureRefused(problems);
        }
    }
}
