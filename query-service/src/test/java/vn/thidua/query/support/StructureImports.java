package vn.thidua.query.support;

import vn.thidua.events.structure.StructureEntry;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureList;

import java.util.List;

/** The structure register's events as the command side records an import of the shipped example lists. */
public final class StructureImports {

    private StructureImports() {
    }

    public static StructureVersionImported imported(String province, StructureList list, String shippedFile) {
        StructureCsv.Parsed parsed = StructureCsv.parse(ReferenceData.shippedText(shippedFile), list);
        return new StructureVersionImported("structure", province, vn.thidua.events.structure.StructureList.valueOf(list.name()),
                parsed.effectiveFrom(), shippedFile, "0".repeat(64), parsed.lines().stream().map(l -> new StructureEntry(l.line(),
                l.code(), l.name(), l.type(), l.parent(), l.formedFrom(), l.verified(), l.note())).toList());
    }

    /** Old Bắc Ninh (27) from 2024-12-01, then the merged Bắc Ninh (24) of 1 July 2025: its communes and justice units. */
    public static List<DomainEvent> theReform() {
        return AggregateStream.of("StructureRegister", "structure")
                .then(imported("27", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-27-2024-12-01.csv"))
                .then(imported("24", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-2025-07-01.csv"))
                .then(imported("24", StructureList.UNITS, "units-bac-ninh-2025-07-01.csv"))
                .events();
    }
}
