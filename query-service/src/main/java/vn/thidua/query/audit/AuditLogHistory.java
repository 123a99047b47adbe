package vn.thidua.query.audit;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.asof.RecordedEvents;
import vn.thidua.projection.generation.Generations;

import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The recorded events read back from the live audit log: one query by movement (and the streams of no movement asked
 * for, by aggregate id) and time in log order (on MongoDB the indexes {@code payload.movementId, _id} and
 * {@code aggregateId, _id}), each document decoded into the event it was made from.
 */
@Component
class AuditLogHistory implements RecordedEvents {

    private static final int BATCH = 2_000;
    private final Generations generations;

    AuditLogHistory(Generations generations) {
        this.generations = generations;
    }

    @Override
    public void ofMovement(String movementId, Set<String> streams, Instant upTo, Consumer<DomainEvent> each) {
        Bson of = streams.isEmpty() ? Filters.eq("payload.movementId", movementId)
                : Filters.or(Filters.eq("payload.movementId", movementId), Filters.in("aggregateId", streams));
        try (MongoCursor<Document> cursor = generations.live().collection(AuditLogProjection.COLLECTION)
                .find(Filters.and(of, Filters.lte("timestamp", Date.from(upTo))))
                .sort(Sorts.ascending("_id")).batchSize(BATCH).iterator()) {
            while (cursor.hasNext()) {
                each.accept(LoggedEvents.decode(cursor.next()));
            }
        }
    }
}
