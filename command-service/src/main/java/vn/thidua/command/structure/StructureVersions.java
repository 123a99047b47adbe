package vn.thidua.command.structure;

import vn.thidua.events.structure.StructureEntry;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.reference.StructureLine;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureVersion;

/** A version of the register as an event records it, and back. */
final class StructureVersions {

    private StructureVersions() {
    }

    static StructureVersion of(StructureVersionImported e) {
        return new StructureVersion(e.provinceCode(), StructureList.valueOf(e.list().name()), e.effectiveFrom(), e.source(),
                e.entries().stream().map(l -> new StructureLine(l.line(), l.code(), l.name(), l.type(), l.parent(), l.formedFrom(),
                        l.verified(), l.note())).toList());
    }

    static StructureVersionImported event(String registerId, StructureVersion v, String sha256) {
        return new StructureVersionImported(registerId, v.provinceCode(),
                vn.thidua.events.structure.StructureList.valueOf(v.list().name()), v.effectiveFrom(), v.source(), sha256,
                v.lines().stream().map(l -> new StructureEntry(l.line(), l.code(), l.name(), l.type(), l.parent(), l.formedFrom(),
                        l.verified(), l.note())).toList());
    }
}
