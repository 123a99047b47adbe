package vn.thidua.projection.parking;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.EventDecoder;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionNotFound;
import vn.thidua.projection.documents.Documents;
import vn.thidua.projection.generation.LiveProjections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the projections parked ({@value Parking#COLLECTION}, written by {@link Parking}): listed, and retried after a
 * fix — a stream's parked events are decoded again from their records and applied in sequence order; each one applied
 * is removed, and the retry stops at the first that fails again (it stays parked, with the new error).
 */
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    private final MongoCollection<Document> parked;
    private final Map<String, Projection> projections;
    private final EventDecoder decoder = new EventDecoder();

    public ParkedEvents(MongoDatabase queryDatabase, LiveProjections live) {
        List<Projection> projections = live.all();
        this.parked = queryDatabase.getCollection(Parking.COLLECTION);
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
                .orElseThrow(() -> new ProjectionNotFound(projectionName, projections.keySet()));
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

    public static Map<String, Object> describe(Outcome o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", o.applied());
        out.put("stillParked", o.stillParked());
        out.put("error", o.error());
        return out;
    }
}
