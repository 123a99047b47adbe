package vn.thidua.query.rebuild;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.projection.rebuild.Rebuilds;
import vn.thidua.security.Principal;
import vn.thidua.security.Role;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds of a projection into a shadow generation while the live one serves, and verifications (rebuild and compare,
 * nothing switched). The province's administrators rebuild; auditors verify.
 */
@RestController
@Validated
@RequestMapping("/api/v1/rebuilds")
@Tag(name = "Dựng lại báo cáo", description = "Rebuild a projection from the event log without downtime, or verify it")
class RebuildController {

    private static final String PROJECTION = "[a-z0-9-]+";
    private final Rebuilds rebuilds;

    RebuildController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('PROVINCE_ADMIN', 'AUDITOR')")
    @Operation(summary = "Start a rebuild (PROVINCE_ADMIN) or a verification (PROVINCE_ADMIN, AUDITOR) of a projection: "
            + "movement-catalogue, audit-log, support-board, key-task-board, or all (one replay feeds every projection). "
            + "Answers 202 with the job; follow its Location "
            + "for progress. 409 while another job of the same projection runs.",
            responses = @ApiResponse(responseCode = "202", description = "Started; Location names the job, the body is its state"))
    ResponseEntity<Map<String, Object>> start(
            @RequestParam @NotBlank @Size(max = 60) @Pattern(regexp = PROJECTION) String projection,
            @RequestParam(defaultValue = "VERIFY") Rebuilds.Mode mode) {
        Principal caller = Principal.current().orElseThrow(() -> new AccessDeniedException("no authenticated caller"));
        if (mode == Rebuilds.Mode.REBUILD && !caller.is(Role.PROVINCE_ADMIN)) {
            throw new AccessDeniedException("Only PROVINCE_ADMIN replaces a live projection; AUDITOR may VERIFY");
        }
        String id = rebuilds.start(projection, mode, caller.subject());
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/rebuilds/" + id)).body(rebuilds.get(id));
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyRole('PROVINCE_ADMIN', 'AUDITOR')")
    @Operation(summary = "A job: state (RUNNING, COMPLETED, FAILED, ABANDONED), phase, progress (done/total events, "
            + "events per second, seconds left) and, for a verification, the differences found")
    Map<String, Object> get(@PathVariable @Size(max = 60) @Pattern(regexp = "[0-9a-f-]+") String id) {
        return rebuilds.get(id);
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('PROVINCE_ADMIN', 'AUDITOR')")
    @Operation(summary = "The latest jobs, newest first")
    List<Map<String, Object>> recent(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return rebuilds.recent(limit);
    }
}
