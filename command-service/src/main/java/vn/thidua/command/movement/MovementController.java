package vn.thidua.command.movement;

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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import vn.thidua.command.movement.MovementRequests.CloseMovementRequest;
import vn.thidua.command.movement.MovementRequests.DefineKeyTaskRequest;
import vn.thidua.command.movement.MovementRequests.EnrollUnitRequest;
import vn.thidua.command.movement.MovementRequests.LegalDocumentRequest;
import vn.thidua.command.movement.MovementRequests.RegisterMovementRequest;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.command.web.Caller;
import vn.thidua.command.web.CommandSender;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.LegalDocument;

import java.util.Map;

import static vn.thidua.command.text.Text.nfc;
import static vn.thidua.command.text.Text.orEmpty;

/** Movements, their key tasks, enrolments and closure. */
@RestController
@RequestMapping("/api/v1/movements")
@Tag(name = "Phong trào thi đua", description = "Register movements, define key tasks, enrol units, close")
class MovementController {

    private final CommandSender commands;

    MovementController(CommandSender commands) {
        this.commands = commands;
    }

    @PostMapping
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Register a movement under its code (đăng ký phong trào)",
            description = "The movement is the caller's province's; registered by the Ministry (provinceCode BTP), a "
                    + "sector-wide movement every province's units may join. Codes are unique across the deployment.",
            responses = @ApiResponse(responseCode = "201", description = "Registered; Location names the movement"))
    ResponseEntity<Map<String, Object>> register(@Valid @RequestBody RegisterMovementRequest body, HttpServletRequest http,
                                                 UriComponentsBuilder uri) {
        Caller caller = Caller.of(http);
        var command = new RegisterMovement(body.code(), nfc(body.title()), body.kind(), body.periodStart(),
                body.periodEnd(), document(body.launchingPlan()),
                orEmpty(body.legalBasis()).stream().map(MovementController::document).toList(), caller.provinceCode());
        commands.create(command, caller, () -> new RuleViolation("movement-already-registered",
                "A movement with code %s is already registered".formatted(body.code())));
        return ResponseEntity.created(uri.path("/api/v1/movements/{id}").build(body.code()))
                .body(Map.of("movementId", body.code()));
    }

    @PostMapping("/{movementId}/key-tasks")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Define a key task with its indicators (nhiệm vụ trọng tâm)",
            responses = @ApiResponse(responseCode = "201", description = "Defined; Location names the key task"))
    ResponseEntity<Map<String, Object>> defineKeyTask(@PathVariable String movementId, @Valid @RequestBody DefineKeyTaskRequest body,
                                                      HttpServletRequest http, UriComponentsBuilder uri) {
        var command = new DefineKeyTask(movementId, body.taskNo(), nfc(body.title()), body.indicators().stream()
                .map(i -> new Indicator(nfc(i.code()), nfc(i.name()), nfc(i.unitOfMeasure()), i.target())).toList());
        commands.send(command, Caller.of(http));
        return ResponseEntity.created(uri.path("/api/v1/movements/{id}/key-tasks/{no}").build(movementId, body.taskNo()))
                .body(Map.of("movementId", movementId, "taskNo", body.taskNo()));
    }

    @PostMapping("/{movementId}/enrolments")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Enrol a unit with its pledges (đăng ký thi đua)",
            responses = @ApiResponse(responseCode = "201", description = "Enrolled; Location names the enrolment"))
    ResponseEntity<Map<String, Object>> enroll(@PathVariable String movementId, @Valid @RequestBody EnrollUnitRequest body,
                                               HttpServletRequest http, UriComponentsBuilder uri) {
        var command = new EnrollUnit(movementId, body.unitId(), body.enrolledOn(), nfc(body.pledgedTitle()), nfc(body.pledges()));
        commands.send(command, Caller.of(http));
        return ResponseEntity.created(uri.path("/api/v1/movements/{id}/enrolments/{unit}").build(movementId, body.unitId()))
                .body(Map.of("movementId", movementId, "unitId", body.unitId()));
    }

    @PostMapping("/{movementId}/closure")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Close the movement (tổng kết)",
            responses = @ApiResponse(responseCode = "202", description = "Closed; the reports follow as the read side catches up"))
    ResponseEntity<Map<String, Object>> close(@PathVariable String movementId, @Valid @RequestBody CloseMovementRequest body,
                                              HttpServletRequest http) {
        commands.send(new CloseMovement(movementId, body.closedOn(), nfc(body.summary())), Caller.of(http));
        return ResponseEntity.accepted().body(Map.of("movementId", movementId));
    }

    private static LegalDocument document(LegalDocumentRequest d) {
        return new LegalDocument(nfc(d.number()), d.kind(), nfc(d.issuer()), d.issuedOn(), nfc(d.title()));
    }
}
