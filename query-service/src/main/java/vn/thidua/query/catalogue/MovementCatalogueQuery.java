package vn.thidua.query.catalogue;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The filters of the catalogue list, bound from the query parameters; {@code null} = not filtered.
 *
 * @param q words of the title, without diacritics or case
 */
public record MovementCatalogueQuery(@Pattern(regexp = "ANNUAL|MULTI_YEAR|THEMATIC|PERIODIC") String kind,
                                     @Pattern(regexp = "OPEN|CLOSED") String status,
                                     @Size(max = 200) String q) {
}
