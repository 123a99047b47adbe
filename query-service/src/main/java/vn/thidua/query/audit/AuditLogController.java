package vn.thidua.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.projection.documents.Documents;
import vn.thidua.projection.generation.Generations;
import vn.thidua.query.access.Access;
import vn.thidua.query.paging.Page;
import vn.thidua.query.validation.InstantRange;
import vn.thidua.query.validation.InvalidParameter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log: every event, in log order, filtered by stream, type, unit and time. Inspection ({@code AUDITOR}) only. */
@RestController
@Validated
@RequestMapping("/api/v1/audit/events")
@Tag(name = "Nhật ký sự kiện", description = "Audit log of every event")
class AuditLogController {

    /** What an item shows, in this order; the internal {@code _id} and {@code typeName} are left out. */
    private static final List<String> FIELDS = List.of("position", "index", "eventId", "aggregateType", "aggregateId",
            "sequence", "type", "revision", "timestamp", "metadata", "payload");

    private final Generations generations;

    AuditLogController(Generations generations) {
        this.generations = generations;
    }

    @GetMapping
    @PreAuthorize(Access.AUDITOR)
    @Operation(operationId = "listAuditEvents", summary = "List events in log order, filtered by aggregate, event type, unit and a time window "
            + "[from, to) of ISO-8601 instants",
            description = "Each item is one event: position and index (its place in the global event log, assigned "
                    + "once by the command side's commit: stable, unique together, and the sort order of this list), "
                    + "eventId, the stream (aggregateType, aggregateId) and its sequence in it, the event type (simple "
                    + "name), the payload's revision, the timestamp, the metadata (who, in which role and unit, in which "
                    + "submission) and the payload. An auditor of a province reads the events its province's callers caused "
                    + "(events without a province in their metadata are province 24's, recorded before provinces were "
                    + "tenants); the Ministry's auditor (provinceCode BTP) reads every event. Playback of one stream with its state after each event: "
                    + "GET /api/v1/audit/streams/{aggregateId}.")
    Page<Map<String, Object>> list(
            @RequestParam(required = false) @Size(max = 200) String aggregateId,
            @RequestParam(required = false) @Pattern(regexp = "|[A-Za-z][A-Za-z0-9]{0,99}") String type,
            @RequestParam(required = false) @Size(max = 100) String unitId,
            @RequestParam(required = false) @InstantRange Instant from,
            @RequestParam(required = false) @InstantRange Instant to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidParameter("from", "must be before to (%s is not before %s)".formatted(from, to));
        }
        List<Bson> filters = new ArrayList<>();
        if (aggregateId != null && !aggregateId.isBlank()) {
            filters.add(Filters.eq("aggregateId", aggregateId));
        }
        if (type != null && !type.isBlank()) {
            filters.add(Filters.eq("type", type));
        }
        if (unitId != null && !unitId.isBlank()) {
            filters.add(Filters.eq("metadata.unitId", unitId));
        }
        String scope = Access.provinceScope();
        if (scope != null) {
            filters.add(LoggedEvents.PROVINCE_BEFORE_TENANCY.equals(scope)
                    ? Filters.or(Filters.eq("metadata." + LoggedEvents.PROVINCE, scope), Filters.exists("metadata." + LoggedEvents.PROVINCE, false))
                    : Filters.eq("metadata." + LoggedEvents.PROVINCE, scope));
        }
        if (from != null) {
            filters.add(Filters.gte("timestamp", Date.from(from)));
        }
        if (to != null) {
            filters.add(Filters.lt("timestamp", Date.from(to)));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        MongoCollection<Document> log = generations.live().collection(AuditLogProjection.COLLECTION);
        long total = log.countDocuments(filter);
        List<Map<String, Object>> items = new ArrayList<>();
        log.find(filter).sort(Sorts.ascending("_id")).skip(page * size).limit(size)
                .forEach(d -> items.add(item(d)));
        return Page.of(items, page, size, total);
    }

    private static Map<String, Object> item(Document d) {
        Map<String, Object> plain = Documents.plain(d);
        Map<String, Object> item = new LinkedHashMap<>();
        FIELDS.forEach(field -> item.put(field, plain.get(field)));
        return item;
    }
}
