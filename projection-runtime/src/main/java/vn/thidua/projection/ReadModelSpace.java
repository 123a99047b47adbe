package vn.thidua.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.function.UnaryOperator;

/**
 * Where projections write and reports read: the physical collections behind the read models' logical names. The live
 * space maps each projection's collections to its active generation
 * ({@link vn.thidua.projection.generation.Generations}); a shadow rebuild writes a space of its own (the next
 * generation), and a report "as of" an instant reads a temporary one. Projections and reports name only logical
 * collections, so the same code serves all three.
 * <p>
 * The name of a projection is a logical name too: its watermark is kept under {@code physicalName(projectionName)}.
 */
public final class ReadModelSpace {

    private final MongoDatabase database;
    private final UnaryOperator<String> physical;

    public ReadModelSpace(MongoDatabase database, UnaryOperator<String> physical) {
        this.database = database;
        this.physical = physical;
    }

    /** Every logical name as it is: the read models as they were before generations (and what unit tests use). */
    public static ReadModelSpace of(MongoDatabase database) {
        return new ReadModelSpace(database, UnaryOperator.identity());
    }

    /** Every logical name under a prefix: a throw-away space (reports as of an instant). */
    public static ReadModelSpace prefixed(MongoDatabase database, String prefix) {
        return new ReadModelSpace(database, name -> prefix + name);
    }

    public MongoCollection<Document> collection(String logicalName) {
        return database.getCollection(physicalName(logicalName));
    }

    public String physicalName(String logicalName) {
        return physical.apply(logicalName);
    }

    public Watermarks watermarks() {
        return new Watermarks(this);
    }
}
