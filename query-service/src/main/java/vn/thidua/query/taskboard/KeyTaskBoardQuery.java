package vn.thidua.query.taskboard;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import vn.thidua.query.validation.InstantRange;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a request for the key-task board asks: bound once from the query parameters and validated, the same for the
 * JSON page, the CSV and the XLSX. A filter that is {@code null} does not filter.
 *
 * @param district the GSO code of the units' district
 * @param status   rows with at least one cell in this review status
 * @param counted  which results count: {@code APPROVED} (the default, also for an empty value) or {@code REPORTED}
 * @param q        words of the unit's name, without diacritics or case
 * @param asOf     the board as it stood at this instant; {@code null}: as it stands
 * @param structure the rows grouped by the districts of the structure valid on this day (before 1 July 2025 the
 *                 districts of then; from it none, every unit is the province's); {@code null}: as the shipped lists
 *                 place them
 * @param province  the rows of one province's units, ranked among themselves with that province's totals, as its own
 *                 callers read the board (the Ministry's filter of a sector-wide movement); a province's caller names
 *                 only its own ({@code 403} otherwise); {@code null}: every row the caller reads
 */
public record KeyTaskBoardQuery(@NotBlank @Pattern(regexp = CODE) String movementId,
                                @NotBlank @Pattern(regexp = PERIOD) String period,
                                @Pattern(regexp = "\\d{3}") String district,
                                @Pattern(regexp = CODE) String unitId,
                                @Pattern(regexp = STATUS) String status,
                                @Schema(defaultValue = APPROVED) @Pattern(regexp = COUNTED) String counted,
                                @Size(max = 100) String q,
                                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf,
                                @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate structure,
                                @Pattern(regexp = "\\d{2}") String province) {

    static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";
    static final String PERIOD = "\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?";
    static final String STATUS = "NOT_REPORTED|SUBMITTED|RETURNED|APPROVED";
    static final String COUNTED = "APPROVED|REPORTED";
    static final String APPROVED = "APPROVED";

    public KeyTaskBoardQuery {
        if (counted == null || counted.isEmpty()) {
            counted = APPROVED;
        }
    }

    /** The board of a movement and period as it stands, every unit's row, counting what is approved or reported. */
    public static KeyTaskBoardQuery of(String movementId, String period, String counted) {
        return new KeyTaskBoardQuery(movementId, period, null, null, null, counted, null, null, null, null);
    }

    /** The same query for the rows of one unit ({@code null}: of every unit). */
    public KeyTaskBoardQuery withUnit(String unitId) {
        return new KeyTaskBoardQuery(movementId, period, district, unitId, status, counted, q, asOf, structure, province);
    }

    boolean approvedOnly() {
        return !"REPORTED".equals(counted);
    }
}
