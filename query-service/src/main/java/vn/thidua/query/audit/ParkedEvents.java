package vn.thidua.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.thidua.query.stream.DomainEvent;
import vn.thidua.query.stream.EventDecoder;
import vn.thidua.query.stream.Projection;
import vn.thidua.query.stream.LiveProjections;
import vn.thidua.query.web.Documents;
import vn.thidua.query.web.ProblemDetailsAdvice.NotFound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dead letters of the projections ({@code parked_events}, written by the consumer's quarantine): listed, and
 * retried after a fix — a stream's parked events are decoded again from their records and applied in sequence
 * order; each one applied is removed, and the retry stops at the first that fails again (it stays parked, with the
 * new error).
 */
@Component
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);
    public static final String COLLECTION = "parked_events";

    private final MongoCollection<Document> parked;
    private final Map<String, Projection> projections;
    private final EventDecoder decoder = new EventDecoder();

    public ParkedEvents(MongoDatabase queryDatabase, LiveProjections live) {
        List<Projection> projections = live.all();
        this.parked = queryDatabase.getCollection(COLLECTION);
        this.projections = projections.stream().collect(Collectors.toMap(Projection::name, Function.identity()));
    }

    public record Listing(List<Map<String, Object>> items, long total) {
    }

    public Listing list(String projection, int page, int size) {
        Bson filter = projection == null ? new Document() : Filters.eq("projection", projection);
        List<Map<String, Object>> items = new ArrayList<>();
        parked.find(filter).sort(Sorts.ascending("_id")).skip(page * size).limit(size)
                .forEach(d -> items.add(Documents.plain(d, "value")));
        return new Listing(items, parked.countDocuments(filter));
    }

    public record Outcome(int applied, int stillParked, String error) {
    }

    public Outcome retry(String projectionName, String aggregateId) {
        Projection projection = Optional.ofNullable(projections.get(projectionName))
                .orElseThrow(() -> new NotFound("No projection named %s (one of %s)".formatted(projectionName, projections.keySet())));
        List<Document> stream = parked.find(Filters.eq("aggregateId", aggregateId)).into(new ArrayList<>()).stream()
                .filter(d -> projectionName.equals(d.getString("projection")))
                .sorted((a, b) -> Long.compare(a.getLong("sequence"), b.getLong("sequence"))).toList();
        int applied = 0;
        for (Document d : stream) {
            try {
                DomainEvent event = decoder.decode(d.get("value", Binary.class).getData())
                        .orElseThrow(() -> new IllegalStateException("the parked record is not an event"));
                projection.apply(List.of(event));
                parked.deleteOne(Filters.eq("_id", d.getString("_id")));
                applied++;
            } catch (Exception e) {
                parked.updateOne(Filters.eq("_id", d.getString("_id")), new Document("$set",
                        new Document("error", e.toString()).append("retriedAt", new java.util.Date())));
                log.warn("Retry of {} #{} for {} failed again: {}", aggregateId, d.getLong("sequence"), projectionName, e.toString());
                return new Outcome(applied, stream.size() - applied, e.toString());
            }
        }
        log.info("Retried {} parked events of {} for {}", applied, aggregateId, projectionName);
        return new Outcome(applied, 0, null);
    }

    static Map<String, Object> describe(Outcome o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", o.applied());
        out.put("stillParked", o.stillParked());
        out.put("error", o.error());
        return out;
    }
}
