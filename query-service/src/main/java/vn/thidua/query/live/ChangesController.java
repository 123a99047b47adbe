package vn.thidua.query.live;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import vn.thidua.query.access.Access;
import vn.thidua.security.Principal;
import vn.thidua.security.Role;

import java.time.Instant;

/** The live stream of board changes: which board changed, up to which log position, as server-sent events. */
@RestController
@RequestMapping("/api/v1/reports/changes")
@Tag(name = "Thay đổi trực tiếp", description = "Live board changes: which board a batch of events changed, with its log position")
class ChangesController {

    private final LiveStreams streams;

    ChangesController(LiveStreams streams) {
        this.streams = streams;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "boardChanges", summary = "Server-sent events: each board a batch of events changed, once it is written",
            description = "First a `hello` event with the highest log position applied (`position`). Then, after each batch "
                    + "the projections wrote, one `change` event per board it changed: `board` (`key-tasks`, `communes`, "
                    + "`catalogue`; `audit`, the event log, for an AUDITOR only), `movementId`, `period` (key-tasks), the "
                    + "`units` and `communes` whose rows may differ, the number of `events`, the highest log `position` and "
                    + "the latest `recordedAt`. A UNIT_REPORTER is told the catalogue's changes and the boards' changes of its own "
                    + "unit only. Comments keep an idle stream open; the stream ends at the token's expiry (or after "
                    + "thidua.live.max-duration): reconnect with a valid token. Browsers read it with fetch (the bearer token "
                    + "in the Authorization header), not EventSource.",
            responses = @ApiResponse(responseCode = "200", description = "The stream of events",
                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
                            example = "event:change\nid:3112\ndata:{\"board\":\"key-tasks\",\"movementId\":\"TDTN-2018\","
                                    + "\"period\":\"2018-Q1\",\"units\":[\"PTP-213\"],\"communes\":[],\"events\":1,"
                                    + "\"position\":3112,\"recordedAt\":\"2018-04-03T02:15:00Z\"}\n\n"))))
    SseEmitter changes() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean auditor = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + Role.AUDITOR)::equals);
        String unitScope = Access.unitScope(null);
        Instant expiresAt = authentication instanceof JwtAuthenticationToken jwt ? jwt.getToken().getExpiresAt() : null;
        String subject = Principal.current().map(Principal::subject).orElse("?");
        return streams.open(new LiveStreams.Audience(subject, auditor, unitScope, Access.provinceScope()), expiresAt);
    }
}
