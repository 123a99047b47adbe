package vn.thidua.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.security.access.AccessDeniedException;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.documents.Documents;
import vn.thidua.projection.generation.Generations;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.reference.ReferenceData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The playback of one stream (one aggregate): its events from the audit log in sequence order, each with the state of
 * the aggregate after it, as the read model shows it. The state is folded from the stream's first event with the
 * projections' own fold functions (nothing is re-implemented here): a movement as the catalogue folds it, a task
 * result as the key-task board's cells, a commune's support as the support board's rows. A stream no projection
 * folds has no state ({@code null}).
 * <p>
 * Paging counts events; the state on a later page is still folded from the beginning of the stream (only the events
 * up to the end of the asked page are read).
 */
@Component
public class StreamPlayback {

    /** Internal fields of the folded documents: the document key, the optimistic-lock key and the search key. */
    private static final Set<String> INTERNAL = Set.of("_id", "revision", "titleFolded");
    /** What an item shows of its event, in this order (the stream itself is named once, above the items). */
    private static final List<String> EVENT_FIELDS = List.of("position", "index", "eventId", "sequence", "type",
            "revision", "timestamp", "metadata", "payload");

    private final Generations generations;
    private final ReferenceData reference;

    public StreamPlayback(Generations generations, ReferenceData reference) {
        this.generations = generations;
        this.reference = reference;
    }

    /**
     * One page of a stream's playback.
     *
     * @param aggregateId   the stream
     * @param aggregateType its aggregate type ({@code Movement}, {@code TaskResult}, {@code CommuneSupport})
     * @param items         the events of the page, each with {@code state}: the aggregate after it
     */
    public record Playback(String aggregateId, String aggregateType, List<Map<String, Object>> items, int page, int size,
                           long totalItems, long totalPages) {
    }

    /** @throws StreamNotFound when the audit log has no event of the stream */
    public Playback play(String aggregateId, int page, int size) {
        return play(aggregateId, page, size, null);
    }

    /**
     * The playback as an auditor of {@code scope} reads it ({@code null}: the Ministry's, every stream): a stream is
     * the province's whose caller started it (its first event's {@code provinceCode}; none: province 24, before
     * provinces were tenants).
     *
     * @throws StreamNotFound        when the audit log has no event of the stream
     * @throws AccessDeniedException a stream another province (or the Ministry) started
     */
    public Playback play(String aggregateId, int page, int size, String scope) {
        MongoCollection<Document> log = generations.live().collection(AuditLogProjection.COLLECTION);
        Bson stream = Filters.eq("aggregateId", aggregateId);
        long total = log.countDocuments(stream);
        if (total == 0) {
            throw new StreamNotFound(aggregateId);
        }
        if (scope != null) {
            Document started = log.find(stream).sort(Sorts.ascending("sequence", "_id")).first();
            Document metadata = started == null ? null : started.get("metadata", Document.class);
            String province = metadata == null ? null : metadata.getString(LoggedEvents.PROVINCE);
            String owner = province == null ? LoggedEvents.PROVINCE_BEFORE_TENANCY : province;
            if (!scope.equals(owner)) {
                throw new AccessDeniedException("Stream %s was started by a caller of %s; an auditor of province %s reads its own"
                        .formatted(aggregateId, owner, scope));
            }
        }
        long first = (long) page * size;
        long end = Math.min(total, first + size);
        List<Map<String, Object>> items = new ArrayList<>();
        String aggregateType = null;
        if (first < total) {
            Document state = null;
            long last = -1;
            long read = 0;
            for (Document logged : log.find(stream).sort(Sorts.ascending("sequence", "_id")).limit((int) end)) {
                DomainEvent e = decode(logged);
                aggregateType = e.aggregateType();
                if (e.sequence() <= last) {
                    continue; // the same event logged twice at two places: folded once
                }
                last = e.sequence();
                state = fold(state, e);
                if (read++ >= first) {
                    items.add(item(logged, state));
                }
            }
        } else {
            Document any = log.find(stream).sort(Sorts.ascending("sequence", "_id")).first();
            aggregateType = any == null ? null : any.getString("aggregateType");
        }
        return new Playback(aggregateId, aggregateType, items, page, size, total, (total + size - 1) / size);
    }

    private static DomainEvent decode(Document logged) {
        try {
            return LoggedEvents.decode(logged);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Audit log entry %s cannot be read back".formatted(logged.get("_id")), e);
        }
    }

    /** The state after one more event: the fold of the projection that follows events of its kind. */
    Document fold(Document state, DomainEvent e) {
        Object payload = e.payload();
        BiFunction<Document, DomainEvent, Document> fold;
        if (MovementCatalogueProjection.isCatalogueEvent(payload)) {
            fold = MovementCatalogueProjection::fold;
        } else if (TaskResultsProjection.isResultEvent(payload)) {
            fold = TaskResultsProjection::fold;
        } else if (SupportBoardProjection.isSupportEvent(payload)) {
            fold = (doc, event) -> SupportBoardProjection.fold(reference, doc, event);
        } else {
            return state;
        }
        // the folds change the document they are given: each step gets its own copy
        return fold.apply(state == null ? null : new Document(state), e);
    }

    private static Map<String, Object> item(Document logged, Document state) {
        Map<String, Object> plain = Documents.plain(logged);
        Map<String, Object> item = new LinkedHashMap<>();
        EVENT_FIELDS.forEach(field -> item.put(field, plain.get(field)));
        item.put("state", state == null ? null : readable(state));
        return item;
    }

    /** The folded document as the API shows it: internal keys left out, decimals as numbers, dates as instants. */
    private static Map<String, Object> readable(Document state) {
        return Documents.plain(state, INTERNAL.toArray(String[]::new));
    }
}
