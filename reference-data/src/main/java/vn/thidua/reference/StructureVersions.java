package vn.thidua.reference;

import vn.thidua.events.structure.StructureEntry;
import vn.thidua.events.structure.StructureVersionImported;

/**
 * A version of the register as its event records it ({@code StructureVersionImported}), and back: the one conversion
 * both services use, the command side to check and record an import, the query side to fold the register the reports
 * group by.
 */
public final class StructureVersions {

    private StructureVersions() {
    }

    /** The version an event records. */
    public static StructureVersion of(StructureVersionImported e) {
        return new StructureVersion(e.provinceCode(), StructureList.valueOf(e.list().name()), e.effectiveFrom(), e.source(),
                e.entries().stream().map(l -> new StructureLine(l.line(), l.code(), l.name(), l.type(), l.parent(), l.formedFrom(),
                        l.verified(), l.note())).toList());
    }

    /** The event that records a version imported into the register's stream {@code registerId}. */
    public static StructureVersionImported event(String registerId, StructureVersion v, String sha256) {
        return new StructureVersionImported(registerId, v.provinceCode(),
                vn.thidua.events.structure.StructureList.valueOf(v.list().name()), v.effectiveFrom(), v.source(), sha256,
                v.lines().stream().map(l -> new StructureEntry(l.line(), l.code(), l.name(), l.type(), l.parent(), l.formedFrom(),
                        l.verified(), l.note())).toList());
    }
}
