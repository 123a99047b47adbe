package vn.thidua.reference;

import java.time.LocalDate;
import java.util.List;

/**
 * A new state of one list of a province, valid from {@code effectiveFrom} until the next version of that list.
 *
 * @param source the document it comes from, e.g. {@code NQ 1658/NQ-UBTVQH15}
 */
public record StructureVersion(String provinceCode, StructureList list, LocalDate effectiveFrom, String source,
                               List<StructureLine> lines) {

    public StructureVersion {
        lines = List.copyOf(lines);
    }
}
