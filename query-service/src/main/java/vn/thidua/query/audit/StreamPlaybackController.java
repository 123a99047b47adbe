package vn.thidua.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.query.access.Access;
import vn.thidua.query.paging.Page;

/** The playback of one stream: its events in order, each with the aggregate's state after it. Inspection only. */
@RestController
@Validated
@RequestMapping("/api/v1/audit/streams")
@Tag(name = "Nhật ký sự kiện", description = "Audit log of every event")
class StreamPlaybackController {

    private final StreamPlayback playback;

    StreamPlaybackController(StreamPlayback playback) {
        this.playback = playback;
    }

    @GetMapping("/{aggregateId}")
    @PreAuthorize(Access.AUDITOR)
    @Operation(summary = "Play back one stream: its events in sequence order, each with the state of the aggregate after it",
            description = "The state is the read model's document (movement catalogue entry, key-task result, commune "
                    + "support row) folded from the first event of the stream up to and including the item's event, "
                    + "with the projections' own logic; internal keys are left out. Items are paged by event; the state "
                    + "on a later page is still folded from the beginning. A stream without events is 404. An auditor of a "
                    + "province reads the streams its province's callers started (403 otherwise); the Ministry's every stream.")
    StreamPlayback.Playback play(
            @Parameter(description = "The stream, e.g. TDTN-2018~3~PTP-213~2018-Q2 (a task result), TDTN-2018 (a movement), "
                    + "NTM-2016-2020~07225 (a commune's support)")
            @PathVariable @Size(min = 1, max = 200) String aggregateId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return playback.play(aggregateId, page, size, Access.provinceScope());
    }
}
