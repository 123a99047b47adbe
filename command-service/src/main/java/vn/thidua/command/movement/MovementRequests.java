package vn.thidua.command.movement;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import vn.thidua.command.text.Codes;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.MovementKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The request bodies of the movement endpoints. */
final class MovementRequests {


    private MovementRequests() {
    }

    @Schema(example = """
            {"code":"TDTN-2018","title":"Toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao năm 2018",
             "kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
             "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp tỉnh Bắc Giang","issuedOn":"2018-01-09",
                              "title":"Kế hoạch phát động phong trào thi đua năm 2018"},
             "legalBasis":[]}""")
    record RegisterMovementRequest(
            @NotBlank @Pattern(regexp = Codes.CODE, message = Codes.CODE_MESSAGE) String code,
            @NotBlank @Size(max = 500) String title,
            @NotNull MovementKind kind,
            @NotNull LocalDate periodStart,
            @NotNull LocalDate periodEnd,
            @NotNull @Valid LegalDocumentRequest launchingPlan,
            @Size(max = 30) List<@Valid @NotNull LegalDocumentRequest> legalBasis) {
    }

    record LegalDocumentRequest(
            @NotBlank @Size(max = 40) String number,
            @NotNull DocumentKind kind,
            @NotBlank @Size(max = 200) String issuer,
            @NotNull LocalDate issuedOn,
            @NotBlank @Size(max = 500) String title) {
    }

    @Schema(example = """
            {"taskNo":1,"title":"Nhiệm vụ trọng tâm 1 (minh hoạ): xây dựng và thi hành pháp luật",
             "indicators":[{"code":"TT1","name":"Văn bản quy phạm pháp luật được thẩm định đúng hạn","unitOfMeasure":"%","target":100}]}""")
    record DefineKeyTaskRequest(
            @NotNull @Positive @Max(99) Integer taskNo,
            @NotBlank @Size(max = 500) String title,
            @NotEmpty @Size(max = 50) List<@Valid @NotNull IndicatorRequest> indicators) {
    }

    /** {@code target}: like a reported value, up to 15 digits before the point and 4 after (Decimal128 holds 34). */
    record IndicatorRequest(
            @NotBlank @Size(max = 20) String code,
            @NotBlank @Size(max = 300) String name,
            @NotBlank @Size(max = 40) String unitOfMeasure,
            @NotNull @PositiveOrZero @Digits(integer = 15, fraction = 4) BigDecimal target) {
    }

    @Schema(example = """
            {"unitId":"PTP-213","enrolledOn":"2018-02-01","pledgedTitle":"Tập thể lao động xuất sắc",
             "pledges":"Hoàn thành 100% chỉ tiêu được giao"}""")
    record EnrollUnitRequest(
            @NotBlank @Pattern(regexp = Codes.CODE, message = Codes.CODE_MESSAGE) String unitId,
            @NotNull LocalDate enrolledOn,
            @Size(max = 200) String pledgedTitle,
            @Size(max = 4000) String pledges) {
    }

    @Schema(example = """
            {"closedOn":"2018-12-31","summary":"Tổng kết phong trào thi đua năm 2018"}""")
    record CloseMovementRequest(
            @NotNull LocalDate closedOn,
            @Size(max = 4000) String summary) {
    }
}
