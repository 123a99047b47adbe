package vn.thidua.events.structure;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * A new version of one of a province's lists was imported and checked: from {@code effectiveFrom} on it replaces the
 * province's previous version of that list. Units the new version lists without change continue; units it does not
 * list, and units named as what a new unit was formed from, end the day before. Recorded so that auditors can replay
 * which structure a command was checked against and a report grouped by.
 *
 * @param registerId    the structure register's stream ({@code structure})
 * @param provinceCode  the province's GSO code ({@code 24})
 * @param list          which list the version replaces
 * @param effectiveFrom the first day the version is valid (e.g. 2025-07-01)
 * @param source        the document the list comes from (e.g. {@code NQ 1658/NQ-UBTVQH15})
 * @param contentSha256 the SHA-256 of the imported CSV text, to match the file an auditor holds
 * @param entries       the version's lines
 */
@Revision("1")
public record StructureVersionImported(String registerId, String provinceCode, StructureList list, LocalDate effectiveFrom,
                                       String source, String contentSha256, List<StructureEntry> entries) {
}
