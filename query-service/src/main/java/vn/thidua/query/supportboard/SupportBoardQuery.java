package vn.thidua.query.supportboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import vn.thidua.query.validation.InstantRange;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a request for the commune support board asks: bound once from the query parameters and validated, the same
 * for the JSON page, the CSV and the XLSX. A filter that is {@code null} does not filter.
 *
 * @param district the GSO code of the communes' district
 * @param unitId   a unit that supports or supported the commune
 * @param q        words of the commune's name, without diacritics or case
 * @param year     the year of criterion 18.5 that {@code PASSED}, {@code FAILED} and {@code NOT_ASSESSED} are about
 * @param status   {@code SUPPORTED} or {@code UNSUPPORTED} now; {@code PASSED}, {@code FAILED} or {@code NOT_ASSESSED}
 *                 in {@code year}
 * @param asOf     the board as it stood at this instant; {@code null}: as it stands
 * @param structure the communes and districts of the structure valid on this day, older communes rolled into the ones
 *                 formed from them ({@code null}: of the movement's last day, or of today or {@code asOf} if earlier)
 */
public record SupportBoardQuery(@NotBlank @Pattern(regexp = CODE) String movementId,
                                @Pattern(regexp = "\\d{3}") String district,
                                @Pattern(regexp = CODE) String unitId,
                                @Size(max = 100) String q,
                                @Min(2000) @Max(2100) Integer year,
                                @Pattern(regexp = STATUS) String status,
                                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf,
                                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate structure) {

    static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";
    static final String STATUS = "SUPPORTED|UNSUPPORTED|PASSED|FAILED|NOT_ASSESSED";

    /** Every commune of a movement's board, as it stands. */
    public static SupportBoardQuery of(String movementId) {
        return new SupportBoardQuery(movementId, null, null, null, null, null, null, null);
    }

    /** The same query for the communes of one unit ({@code null}: whoever supports them). */
    public SupportBoardQuery withUnit(String unitId) {
        return new SupportBoardQuery(movementId, district, unitId, q, year, status, asOf, structure);
    }

    /** A filter on what the projection wrote, not only on the reference lists. */
    boolean onProjectedData() {
        return unitId != null || status != null;
    }
}
