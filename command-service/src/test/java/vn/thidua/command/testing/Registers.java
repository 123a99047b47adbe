package vn.thidua.command.testing;

import vn.thidua.command.structure.StructureFacts;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureVersion;

/** Structure registers for the aggregate tests: the shipped Bắc Giang lists, and the register after the 2025 reform. */
public final class Registers {

    /** The lists shipped with the product: Bắc Giang (24) as of 2017, valid for every date. */
    public static final StructureHistory SHIPPED = StructureHistory.startingWith(ReferenceData.bacGiang());

    private static StructureHistory afterTheReform;

    private Registers() {
    }

    public static StructureFacts shipped() {
        return () -> SHIPPED;
    }

    /** Old Bắc Ninh (27), then the merged Bắc Ninh (24) of 1 July 2025 with its justice units, then Thái Nguyên (19). */
    public static synchronized StructureHistory afterTheReform() {
        if (afterTheReform == null) {
            afterTheReform = SHIPPED
                    .with(version("27", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-27-2024-12-01.csv"))
                    .with(version("24", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-2025-07-01.csv"))
                    .with(version("24", StructureList.UNITS, "units-bac-ninh-2025-07-01.csv"))
                    .with(version("19", StructureList.ADMIN_UNITS, "admin-units-thai-nguyen-2025-07-01.csv"))
                    .with(version("19", StructureList.UNITS, "units-thai-nguyen-2025-07-01.csv"));
        }
        return afterTheReform;
    }

    public static StructureVersion version(String province, StructureList list, String shippedFile) {
        StructureCsv.Parsed parsed = StructureCsv.parse(ReferenceData.shippedText(shippedFile), list);
        return new StructureVersion(province, list, parsed.effectiveFrom(), shippedFile, parsed.lines());
    }
}
