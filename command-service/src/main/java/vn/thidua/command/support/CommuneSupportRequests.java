package vn.thidua.command.support;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import vn.thidua.command.text.Codes;
import vn.thidua.events.support.SupportActivityType;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The request bodies of the commune support endpoints. */
final class CommuneSupportRequests {

    static final String COMMUNE_PATTERN = "\\d{5}";

    private CommuneSupportRequests() {
    }

    @Schema(example = """
            {"unitId":"PTP-213","decision":{"number":"125/QĐ-STP","issuedOn":"2017-03-15"},
             "supportFrom":"2017-04-01","shared":false}""")
    record AssignCommuneSupportRequest(
            @NotBlank @Pattern(regexp = Codes.CODE, message = Codes.CODE_MESSAGE) String unitId,
            @NotNull @Valid DecisionRequest decision,
            @NotNull LocalDate supportFrom,
            Boolean shared) {

        /** Whether the commune is supported by several units; false when not sent. */
        boolean isShared() {
            return Boolean.TRUE.equals(shared);
        }
    }

    record DecisionRequest(@NotBlank @Size(max = 40) String number, @NotNull LocalDate issuedOn) {
    }

    @Schema(example = """
            {"unitId":"PTP-213","type":"MEDIATOR_TRAINING","heldOn":"2018-05-12","participants":42,
             "description":"Tập huấn kỹ năng hòa giải cho tổ hòa giải các thôn"}""")
    record RecordSupportActivityRequest(
            @NotBlank @Pattern(regexp = Codes.CODE, message = Codes.CODE_MESSAGE) String unitId,
            @NotNull SupportActivityType type,
            @NotNull LocalDate heldOn,
            @NotNull @PositiveOrZero @Max(100_000) Integer participants,
            @NotBlank @Size(max = 4000) String description) {
    }

    @Schema(example = """
            {"year":2018,"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":true,
             "assessedOn":"2018-12-10","note":"Đạt chuẩn tiếp cận pháp luật năm 2018"}""")
    record AssessCommuneCriterionRequest(
            @NotNull @Min(2000) @Max(2100) Integer year,
            @NotNull @Valid ScoresRequest scores,
            @NotNull Boolean noOfficialDisciplined,
            @NotNull LocalDate assessedOn,
            @Size(max = 4000) String note) {
    }

    /** The five QĐ 619 criteria; the maxima (15, 30, 25, 10, 20) are checked here and by the aggregate. */
    record ScoresRequest(
            @NotNull @DecimalMin("0") @DecimalMax("15") @Digits(integer = 2, fraction = 2) BigDecimal tc1,
            @NotNull @DecimalMin("0") @DecimalMax("30") @Digits(integer = 2, fraction = 2) BigDecimal tc2,
            @NotNull @DecimalMin("0") @DecimalMax("25") @Digits(integer = 2, fraction = 2) BigDecimal tc3,
            @NotNull @DecimalMin("0") @DecimalMax("10") @Digits(integer = 2, fraction = 2) BigDecimal tc4,
            @NotNull @DecimalMin("0") @DecimalMax("20") @Digits(integer = 2, fraction = 2) BigDecimal tc5) {
    }

    @Schema(example = """
            {"endedOn":"2019-12-31","reason":"Xã đã đạt chuẩn nông thôn mới"}""")
    record EndCommuneSupportRequest(@NotNull LocalDate endedOn, @Size(max = 2000) String reason) {
    }
}
