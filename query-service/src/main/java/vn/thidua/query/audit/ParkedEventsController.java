package vn.thidua.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.projection.parking.ParkedEvents;
import vn.thidua.query.paging.Page;

import java.util.Map;

/** What the projections parked: what and why, and a retry after the fix. */
@RestController
@Validated
@RequestMapping("/api/v1/audit/parked")
@Tag(name = "Sự kiện bị tạm giữ", description = "Events a projection failed on: listed, retried after a fix")
class ParkedEventsController {

    private final ParkedEvents parked;

    ParkedEventsController(ParkedEvents parked) {
        this.parked = parked;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('AUDITOR', 'PROVINCE_ADMIN')")
    @Operation(operationId = "listParkedEvents", summary = "Parked events with the projection, the stream, the sequence and the error")
    Page<Map<String, Object>> list(@RequestParam(required = false) @Size(max = 60) @Pattern(regexp = "[a-z0-9-]+") String projection,
                                   @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                   @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        ParkedEvents.Listing l = parked.list(projection, page, size);
        return Page.of(l.items(), page, size, l.total());
    }

    @PostMapping("/retry")
    @PreAuthorize("hasRole('PROVINCE_ADMIN')")
    @Operation(summary = "Apply a stream's parked events again, in order, after the fix (each applied one is removed)")
    Map<String, Object> retry(@RequestParam @NotBlank @Size(max = 60) @Pattern(regexp = "[a-z0-9-]+") String projection,
                              @RequestParam @NotBlank @Size(max = 200) String aggregateId) {
        return ParkedEvents.describe(parked.retry(projection, aggregateId));
    }
}
