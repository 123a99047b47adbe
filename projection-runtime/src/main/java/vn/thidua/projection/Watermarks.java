package vn.thidua.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * How far each projection has come: the recording time of the latest event it applied, which reports and exports
 * state as "the data is current to". Kept with {@code $max}, so a redelivered batch cannot move it back.
 */
public final class Watermarks {

    public static final String COLLECTION = "projection_watermarks";
    private final MongoCollection<Document> marks;
    private final ReadModelSpace space;

    public Watermarks(MongoDatabase database) {
        this(ReadModelSpace.of(database));
    }

    /** The watermarks of the projections of a space: a projection's mark is kept under its physical name. */
    public Watermarks(ReadModelSpace space) {
        this.space = space;
        this.marks = space.collection(COLLECTION);
    }

    public void advance(String projectionName, List<DomainEvent> applied) {
        String projection = space.physicalName(projectionName);
        applied.stream().map(DomainEvent::timestamp).max(Instant::compareTo).ifPresent(latest -> {
            try {
                marks.updateOne(Filters.eq("_id", projection), Updates.max("eventsUpTo", Date.from(latest)),
                        new UpdateOptions().upsert(true));
            } catch (com.mongodb.MongoWriteException raced) {
                // another instance inserted the mark first: now it exists, and $max applies
                marks.updateOne(Filters.eq("_id", projection), Updates.max("eventsUpTo", Date.from(latest)));
            }
        });
    }

    public Optional<Instant> currentTo(String projection) {
        Document d = marks.find(Filters.eq("_id", space.physicalName(projection))).first();
        return d == null ? Optional.empty() : Optional.of(d.getDate("eventsUpTo").toInstant());
    }
}
