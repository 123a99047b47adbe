package vn.thidua.query.taskboard;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import vn.thidua.query.validation.InstantRange;

import java.time.Instant;

/**
 * What a request for the national roll-up of a key-task board asks: the movement (normally a sector-wide one of the
 * Ministry), the period, which results count, and optionally the instant it stood at.
 */
public record NationalRollUpQuery(@NotBlank @Pattern(regexp = KeyTaskBoardQuery.CODE) String movementId,
                                  @NotBlank @Pattern(regexp = KeyTaskBoardQuery.PERIOD) String period,
                                  @Schema(defaultValue = KeyTaskBoardQuery.APPROVED) @Pattern(regexp = KeyTaskBoardQuery.COUNTED) String counted,
                                  @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {

    KeyTaskBoardQuery board() {
        return new KeyTaskBoardQuery(movementId, period, null, null, null, counted, null, asOf, null, null);
    }
}
