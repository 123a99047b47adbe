package vn.thidua.command.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import vn.thidua.eventlog.integrity.CheckpointTopic;
import vn.thidua.eventlog.integrity.LogVerifier;
import vn.thidua.eventlog.store.LogAudit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tamper evidence of the event log, for auditors (docs/integrity.md). */
@RestController
@Tag(name = "Kiểm toán", description = "Verify the event log's hash chain and checkpoints; export it for offline verification")
class IntegrityController {

    static final String NDJSON = "application/x-ndjson";
    private final LogAudit audit;
    private final CheckpointSigning signing;
    private final String bootstrapServers;
    private final String checkpointTopic;

    IntegrityController(LogAudit audit, CheckpointSigning signing,
                        @Value("${thidua.kafka.bootstrap-servers}") String bootstrapServers,
                        @Value("${thidua.publication.checkpoint-topic:" + CheckpointTopic.DEFAULT + "}") String checkpointTopic) {
        this.audit = audit;
        this.signing = signing;
        this.bootstrapServers = bootstrapServers;
        this.checkpointTopic = checkpointTopic;
    }

    /** The walk, compared with the signed checkpoints of the checkpoint topic when there are keys and the topic answers. */
    private LogVerifier.Result verify() {
        if (signing.keyring() == null) {
            return audit.verify(LogVerifier.unanchored("no checkpoint keys are configured (THIDUA_CHECKPOINT_SIGNING_KEY "
                    + "or THIDUA_CHECKPOINT_VERIFY_KEYS)"));
        }
        CheckpointTopic.Reader topic;
        try {
            topic = CheckpointTopic.read(bootstrapServers, checkpointTopic);
        } catch (CheckpointTopic.Unavailable e) {
            return audit.verify(LogVerifier.unanchored(e.getMessage()));
        }
        try (topic) {
            return audit.verify(new LogVerifier(LogVerifier.DEFAULT_MAX_REPORTED, topic, signing.keyring()));
        }
    }

    @GetMapping(value = "/api/v1/audit/integrity", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(summary = "Verify the whole event log: every event hash, stream link and checkpoint (kiểm tra toàn vẹn)",
            description = "Walks the log in position order. `broken` lists every broken link in walk order (at most 1000; "
                    + "`brokenCount` counts all of them), `firstBroken` is the first of them. `anchored` says whether the log "
                    + "was also compared with the signed checkpoints of the checkpoint topic (`checked`, "
                    + "`signedCheckpointsChecked`) or why not (`problem`): without it, a log rewritten consistently in the "
                    + "database passes. Takes time proportional to the log.",
            responses = @ApiResponse(responseCode = "200", description = "The result of the walk", content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, examples = {
                    @ExampleObject(name = "verified", value = """
                            {"verified":true,"positionsChecked":1520,"eventsChecked":1733,"checkpointsChecked":3,"firstBroken":null,
                             "brokenCount":0,"broken":[],"anchored":{"checked":true,"signedCheckpointsChecked":3,"problem":null}}"""),
                    @ExampleObject(name = "broken", value = """
                            {"verified":false,"positionsChecked":1520,"eventsChecked":1733,"checkpointsChecked":3,
                             "firstBroken":{"position":412,"index":0,"aggregateId":"TD-2018","sequence":7,
                             "eventId":"5b1c6c1e-7d0e-4a59-9d3e-0f3a8c2b9a11",
                             "reason":"the event does not match its hash: its content or metadata was changed"},
                             "brokenCount":2,
                             "broken":[{"position":412,"index":0,"aggregateId":"TD-2018","sequence":7,
                                        "eventId":"5b1c6c1e-7d0e-4a59-9d3e-0f3a8c2b9a11",
                                        "reason":"the event does not match its hash: its content or metadata was changed"},
                                       {"position":1187,"index":0,"aggregateId":"TD-2018~1~PTP-213~2018-Q2","sequence":0,
                                        "eventId":"0c6f2d8e-3b7a-4f1e-9a2d-6e5b4c3a2f10",
                                        "reason":"the event does not match its hash: its content or metadata was changed"}],
                             "anchored":{"checked":true,"signedCheckpointsChecked":3,"problem":null}}""")})))
    Map<String, Object> integrity() {
        LogVerifier.Result r = verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("verified", r.verified());
        body.put("positionsChecked", r.positionsChecked());
        body.put("eventsChecked", r.eventsChecked());
        body.put("checkpointsChecked", r.checkpointsChecked());
        body.put("firstBroken", r.firstBroken());
        body.put("brokenCount", r.brokenCount());
        body.put("broken", r.broken());
        body.put("anchored", r.anchoring());
        return body;
    }

    @GetMapping(value = "/api/v1/audit/log", produces = NDJSON)
    @PreAuthorize("hasRole('AUDITOR')")
    @Operation(summary = "Export the event log as JSON Lines, for the offline verifier (./verify-log.sh)",
            description = "One line per position (commit or sealed gap) and per checkpoint, in position order, then "
                    + "{\"kind\":\"end\",\"latestCheckpoint\":N}. Streamed; payload and metadata are the stored JSON as strings.",
            responses = @ApiResponse(responseCode = "200", description = "The log", content = @Content(mediaType = NDJSON,
                    examples = @ExampleObject(value = """
                            {"kind":"commit","position":1,"commitId":"…","aggregateType":"Movement","aggregateId":"TD-2018","events":[{"eventId":"…","sequence":0,"type":"vn.thidua.events.movement.MovementRegistered","revision":"1","timestamp":"2018-01-09T02:00:00Z","payload":"{…}","metadata":"{…}","hash":"…","prevHash":"0000…"}]}
                            {"kind":"gap","position":2}
                            {"kind":"checkpoint","upTo":2,"previous":0,"hash":"…","positions":2,"events":1,"createdAt":"2018-01-09T02:00:10Z"}
                            {"kind":"end","latestCheckpoint":2}"""))))
    ResponseEntity<StreamingResponseBody> export() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(NDJSON))
                .header("Content-Disposition", "attachment; filename=\"thidua-event-log.jsonl\"")
                .body(audit::export);
    }
}
