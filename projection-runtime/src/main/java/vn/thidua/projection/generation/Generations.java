package vn.thidua.projection.generation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ReadModelSpace;

import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which generation of each projection is live ({@code projection_generations}: {@code {_id: name, active, latest}}).
 * Generation 0 is the collections under their logical names; generation {@code n} is {@code <name>__g<n>}. A rebuild
 * fills the next generation while the live one serves, then {@link #activate}s it: one write of one document, so a
 * reader sees either the old generation or the new one, never a mixture. Each instance reads the pointer at most
 * {@link #REFRESH_MILLIS} old, and every request resolves its collections once ({@link #live()}).
 */
public final class Generations {

    public static final String COLLECTION = "projection_generations";
    /** How stale an instance's view of the pointers may be. */
    public static final long REFRESH_MILLIS = 1_000;

    private final MongoCollection<Document> pointers;
    private final MongoDatabase database;
    private final Map<String, String> ownerOfCollection = new HashMap<>();
    private final Clock clock;
    private volatile Map<String, Long> active = Map.of();
    private volatile long readAt = Long.MIN_VALUE;
    private final Object refreshing = new Object();

    public Generations(MongoDatabase database, List<ProjectionDefinition> definitions, Clock clock) {
        this.database = database;
        this.pointers = database.getCollection(COLLECTION);
        this.clock = clock;
        for (ProjectionDefinition d : definitions) {
            ownerOfCollection.put(d.name(), d.name());
            d.collections().forEach(c -> ownerOfCollection.put(c, d.name()));
        }
    }

    public static String physicalName(String logicalName, long generation) {
        return generation == 0 ? logicalName : logicalName + "__g" + generation;
    }

    /** The live generation of a projection (at most {@link #REFRESH_MILLIS} old). */
    public long active(String projection) {
        return current().getOrDefault(projection, 0L);
    }

    /** The live read models, resolved once: what one request reads from. */
    public ReadModelSpace live() {
        Map<String, Long> snapshot = current();
        return new ReadModelSpace(database, logical -> {
            String owner = ownerOfCollection.get(logical);
            return owner == null ? logical : physicalName(logical, snapshot.getOrDefault(owner, 0L));
        });
    }

    /** The space of one generation of one projection (its collections renamed, everything else as live). */
    public ReadModelSpace generation(String projection, long generation) {
        return new ReadModelSpace(database, logical ->
                projection.equals(ownerOfCollection.get(logical)) ? physicalName(logical, generation) : logical);
    }

    /** A new generation number for a rebuild of the projection (never handed out twice). */
    public long allocate(String projection) {
        Document d = pointers.findOneAndUpdate(Filters.eq("_id", projection),
                Updates.combine(Updates.inc("latest", 1L), Updates.setOnInsert("active", 0L)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return d.getLong("latest");
    }

    /** Makes the generation live: one document write. */
    public void activate(String projection, long generation) {
        pointers.updateOne(Filters.eq("_id", projection), Updates.combine(Updates.set("active", generation),
                Updates.set("activatedAt", new Date(clock.millis()))));
        refresh();
    }

    private Map<String, Long> current() {
        if (clock.millis() - readAt > REFRESH_MILLIS) {
            synchronized (refreshing) {
                if (clock.millis() - readAt > REFRESH_MILLIS) {
                    refresh();
                }
            }
        }
        return active;
    }

    private void refresh() {
        Map<String, Long> read = new HashMap<>();
        for (Document d : pointers.find()) {
            read.put(d.getString("_id"), ((Number) d.get("active", 0L)).longValue());
        }
        active = Map.copyOf(read);
        readAt = clock.millis();
    }
}
