package vn.thidua.command.result;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import vn.thidua.command.text.Codes;

import java.math.BigDecimal;
import java.util.List;

/** The request bodies of the task result endpoints. */
final class TaskResultRequests {


    private TaskResultRequests() {
    }

    @Schema(example = """
            {"unitId":"PTP-213","period":"2018-Q2",
             "values":[{"code":"TT1","value":87.25},{"code":"TT2","value":31}],
             "evidence":"Báo cáo số 45/BC-PTP ngày 30/6/2018"}""")
    record RecordTaskResultRequest(
            @NotBlank @Pattern(regexp = Codes.CODE, message = Codes.CODE_MESSAGE) String unitId,
            @NotBlank @Pattern(regexp = ReportingPeriod.PATTERN, message = "must be a year (2018), a quarter (2018-Q1) or a month (2018-05)") String period,
            @NotEmpty @Size(max = 50) List<@Valid @NotNull IndicatorValueRequest> values,
            @Size(max = 4000) String evidence) {
    }

    record IndicatorValueRequest(
            @NotBlank @Size(max = 20) String code,
            @NotNull @PositiveOrZero @Digits(integer = 15, fraction = 4) BigDecimal value) {
    }

    @Schema(example = """
            {"values":[{"code":"TT1","value":88},{"code":"TT2","value":31}],
             "evidence":"Báo cáo số 45/BC-PTP ngày 30/6/2018 (bổ sung)",
             "reason":"Bổ sung 2 vụ việc hòa giải thành cuối tháng 6"}""")
    record CorrectTaskResultRequest(
            @NotEmpty @Size(max = 50) List<@Valid @NotNull IndicatorValueRequest> values,
            @Size(max = 4000) String evidence,
            @NotBlank @Size(max = 2000) String reason) {
    }

    @Schema(example = """
            {"note":"Số liệu khớp báo cáo"}""")
    record ApproveTaskResultRequest(@Size(max = 2000) String note) {
    }

    @Schema(example = """
            {"reason":"Thiếu tài liệu kiểm chứng chỉ tiêu TT2"}""")
    record ReturnTaskResultRequest(@NotBlank @Size(max = 2000) String reason) {
    }
}
