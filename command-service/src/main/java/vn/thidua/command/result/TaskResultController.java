package vn.thidua.command.result;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import vn.thidua.command.result.TaskResultRequests.ApproveTaskResultRequest;
import vn.thidua.command.result.TaskResultRequests.CorrectTaskResultRequest;
import vn.thidua.command.result.TaskResultRequests.IndicatorValueRequest;
import vn.thidua.command.result.TaskResultRequests.RecordTaskResultRequest;
import vn.thidua.command.result.TaskResultRequests.ReturnTaskResultRequest;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.command.structure.StructureFacts;
import vn.thidua.command.web.Caller;
import vn.thidua.command.web.CommandSender;
import vn.thidua.events.result.IndicatorValue;

import java.util.List;
import java.util.Map;

import static vn.thidua.command.text.Text.nfc;

/** Task results of enrolled units and their review. */
@RestController
@Tag(name = "Kết quả nhiệm vụ", description = "Record and correct task results; approve or return them")
class TaskResultController {

    private final CommandSender commands;
    private final StructureFacts structure;

    TaskResultController(CommandSender commands, StructureFacts structure) {
        this.commands = commands;
        this.structure = structure;
    }

    @PostMapping("/api/v1/movements/{movementId}/key-tasks/{taskNo}/results")
    @PreAuthorize("hasRole('UNIT_REPORTER')")
    @Operation(summary = "Record a unit's values for a key task in a period (báo cáo kết quả)",
            responses = @ApiResponse(responseCode = "201", description = "Recorded (SUBMITTED); Location names the result"))
    ResponseEntity<Map<String, Object>> record(@PathVariable String movementId, @PathVariable int taskNo,
                                               @Valid @RequestBody RecordTaskResultRequest body, HttpServletRequest http,
                                               UriComponentsBuilder uri) {
        var command = RecordTaskResult.of(movementId, taskNo, body.unitId(), body.period(), values(body.values()),
                nfc(body.evidence()));
        commands.create(command, Caller.of(http), () -> new RuleViolation("result-already-recorded",
                "Unit %s already reported task %d of %s for %s; correct that result instead"
                        .formatted(body.unitId(), taskNo, movementId, body.period())));
        return ResponseEntity.created(uri.path("/api/v1/task-results/{id}").build(command.resultId()))
                .body(Map.of("resultId", command.resultId(), "status", ReviewStatus.SUBMITTED));
    }

    @PostMapping("/api/v1/task-results/{resultId}/corrections")
    @PreAuthorize("hasRole('UNIT_REPORTER')")
    @Operation(summary = "Correct a result before review, or after it was returned (resubmits it)",
            responses = @ApiResponse(responseCode = "202", description = "Corrected and (re)submitted for review (SUBMITTED)"))
    ResponseEntity<Map<String, Object>> correct(@PathVariable String resultId, @Valid @RequestBody CorrectTaskResultRequest body,
                                                HttpServletRequest http) {
        Caller caller = Caller.of(http);
        TaskResultRules.reporterNamesItsOwnUnitsResult(caller.role(), caller.unitId(), resultId);
        TaskResultRules.callerReviewsItsProvincesResult(caller.provinceCode(), resultId, structure.current());
        commands.send(new CorrectTaskResult(resultId, values(body.values()), nfc(body.evidence()), nfc(body.reason())),
                caller);
        return ResponseEntity.accepted().body(Map.of("resultId", resultId, "status", ReviewStatus.SUBMITTED));
    }

    @PostMapping("/api/v1/task-results/{resultId}/approval")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Approve a submitted result (duyệt)",
            responses = @ApiResponse(responseCode = "202", description = "Approved"))
    ResponseEntity<Map<String, Object>> approve(@PathVariable String resultId, @Valid @RequestBody ApproveTaskResultRequest body,
                                                HttpServletRequest http) {
        Caller caller = Caller.of(http);
        TaskResultRules.callerReviewsItsProvincesResult(caller.provinceCode(), resultId, structure.current());
        commands.send(new ApproveTaskResult(resultId, nfc(body.note())), caller);
        return ResponseEntity.accepted().body(Map.of("resultId", resultId, "status", ReviewStatus.APPROVED));
    }

    @PostMapping("/api/v1/task-results/{resultId}/return")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Return a submitted result to its unit with a reason (trả lại)",
            responses = @ApiResponse(responseCode = "202", description = "Returned to its unit (RETURNED)"))
    ResponseEntity<Map<String, Object>> giveBack(@PathVariable String resultId, @Valid @RequestBody ReturnTaskResultRequest body,
                                                 HttpServletRequest http) {
        Caller caller = Caller.of(http);
        TaskResultRules.callerReviewsItsProvincesResult(caller.provinceCode(), resultId, structure.current());
        commands.send(new ReturnTaskResult(resultId, nfc(body.reason())), caller);
        return ResponseEntity.accepted().body(Map.of("resultId", resultId, "status", ReviewStatus.RETURNED));
    }

    private static List<IndicatorValue> values(List<IndicatorValueRequest> values) {
        return values.stream().map(v -> new IndicatorValue(nfc(v.code()), v.value())).toList();
    }
}
