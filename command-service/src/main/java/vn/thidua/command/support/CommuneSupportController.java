package vn.thidua.command.support;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import vn.thidua.command.support.CommuneSupportRequests.AssessCommuneCriterionRequest;
import vn.thidua.command.support.CommuneSupportRequests.AssignCommuneSupportRequest;
import vn.thidua.command.support.CommuneSupportRequests.EndCommuneSupportRequest;
import vn.thidua.command.support.CommuneSupportRequests.RecordSupportActivityRequest;
import vn.thidua.command.web.Caller;
import vn.thidua.command.web.CommandSender;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CriterionScores;

import java.util.Map;

import static vn.thidua.command.text.Text.nfc;

/** Units supporting communes to build new rural areas: assignments, activities, criterion 18.5 assessments. */
@RestController
@Validated
@RequestMapping("/api/v1/movements/{movementId}/communes/{communeCode}")
@Tag(name = "Giúp đỡ xã nông thôn mới", description = "Assign units to communes, record support activities and 18.5 assessments")
class CommuneSupportController {

    private final CommandSender commands;

    CommuneSupportController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping("/supporters")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Assign a unit by decision to support the commune (phân công giúp đỡ xã)",
            responses = @ApiResponse(responseCode = "201", description = "Assigned; Location names the assignment"))
    ResponseEntity<Map<String, Object>> assign(@PathVariable String movementId,
                                               @PathVariable @Pattern(regexp = CommuneSupportRequests.COMMUNE_PATTERN, message = "must be a 5-digit GSO commune code") String communeCode,
                                               @Valid @RequestBody AssignCommuneSupportRequest body,
                                               HttpServletRequest http, UriComponentsBuilder uri) {
        var decision = new AssignmentDecision(nfc(body.decision().number()), body.decision().issuedOn());
        commands.send(AssignCommuneSupport.of(movementId, communeCode, body.unitId(), decision, body.supportFrom(),
                body.isShared()), Caller.of(http));
        return ResponseEntity.created(uri.path("/api/v1/movements/{m}/communes/{c}/supporters/{u}")
                        .build(movementId, communeCode, body.unitId()))
                .body(Map.of("movementId", movementId, "communeCode", communeCode, "unitId", body.unitId()));
    }

    @PostMapping("/activities")
    @PreAuthorize("hasRole('UNIT_REPORTER')")
    @Operation(summary = "Record a support activity held for the commune by a unit assigned to it",
            responses = @ApiResponse(responseCode = "201", description = "Recorded; Location names the activity"))
    ResponseEntity<Map<String, Object>> recordActivity(@PathVariable String movementId,
                                                       @PathVariable @Pattern(regexp = CommuneSupportRequests.COMMUNE_PATTERN, message = "must be a 5-digit GSO commune code") String communeCode,
                                                       @Valid @RequestBody RecordSupportActivityRequest body,
                                                       HttpServletRequest http, UriComponentsBuilder uri) {
        Caller caller = Caller.of(http);
        String activityId = caller.derivedId("support-activity");
        commands.send(RecordSupportActivity.of(movementId, communeCode, body.unitId(), activityId, body.type(), body.heldOn(),
                body.participants(), nfc(body.description())), caller);
        return ResponseEntity.created(uri.path("/api/v1/movements/{m}/communes/{c}/activities/{a}")
                        .build(movementId, communeCode, activityId))
                .body(Map.of("movementId", movementId, "communeCode", communeCode, "activityId", activityId));
    }

    @PostMapping("/assessments")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Assess the commune for a year against criterion 18.5 (QĐ 619 scores)",
            responses = @ApiResponse(responseCode = "201", description = "Assessed; Location names the assessment"))
    ResponseEntity<Map<String, Object>> assess(@PathVariable String movementId,
                                               @PathVariable @Pattern(regexp = CommuneSupportRequests.COMMUNE_PATTERN, message = "must be a 5-digit GSO commune code") String communeCode,
                                               @Valid @RequestBody AssessCommuneCriterionRequest body,
                                               HttpServletRequest http, UriComponentsBuilder uri) {
        var s = body.scores();
        var scores = new CriterionScores(s.tc1(), s.tc2(), s.tc3(), s.tc4(), s.tc5());
        commands.send(AssessCommuneCriterion.of(movementId, communeCode, body.year(), scores, body.noOfficialDisciplined(),
                body.assessedOn(), nfc(body.note())), Caller.of(http));
        return ResponseEntity.created(uri.path("/api/v1/movements/{m}/communes/{c}/assessments/{y}")
                        .build(movementId, communeCode, body.year()))
                .body(Map.of("movementId", movementId, "communeCode", communeCode, "year", body.year()));
    }

    @PostMapping("/supporters/{unitId}/ending")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "End a unit's support of the commune",
            responses = @ApiResponse(responseCode = "202", description = "The unit's support of the commune has ended"))
    ResponseEntity<Map<String, Object>> end(@PathVariable String movementId,
                                            @PathVariable @Pattern(regexp = CommuneSupportRequests.COMMUNE_PATTERN, message = "must be a 5-digit GSO commune code") String communeCode,
                                            @PathVariable String unitId, @Valid @RequestBody EndCommuneSupportRequest body,
                                            HttpServletRequest http) {
        commands.send(EndCommuneSupport.of(movementId, communeCode, unitId, body.endedOn(), nfc(body.reason())), Caller.of(http));
        return ResponseEntity.accepted().body(Map.of("movementId", movementId, "communeCode", communeCode, "unitId", unitId));
    }
}
