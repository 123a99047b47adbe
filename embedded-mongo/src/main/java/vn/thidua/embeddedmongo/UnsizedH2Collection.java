package vn.thidua.embeddedmongo;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import static de.bwaldvogel.mongo.backend.Constants.ID_FIELD;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's {@link H2Collection} with three changes, all about work the one writing thread or the heap need
 * not do (see {@link DurableH2Backend}):
 * <ul>
 *   <li><b>No total size of the documents.</b> mongo-java-server keeps it for {@code collStats}/{@code validate} by
 *   encoding every inserted and deleted document to BSON once more, and every updated document twice (old and new),
 *   and by rewriting the collection's metadata map on each write, a visible share of the writer's time under load
 *   (docs/benchmarks-history.md). Nothing of Thi đua reads a collection's {@code size}; {@code count}, indexes and the
 *   storage size are unaffected. The value reported is the one stored before this class (0 for a new collection).</li>
 *   <li><b>A sort on {@code _id} alone reads the documents in key order</b> instead of collecting every matching
 *   document and sorting them in memory: {@code find().sort({_id: -1}).limit(1)} reads one document, a page of the
 *   audit log reads the page (plus what it skips). Without this, the command-service's start-up (the last position of
 *   the event log) decoded every commit of the log at once, and a large log exhausted the server's heap. The data map
 *   is ordered by {@link BsonStorage#compareValues} — type first, then value; within {@code Long}s and within
 *   {@code String}s that is the order of mongo-java-server's sort — so the key order is used when the first and the
 *   last key are both {@code Long} or both {@code String} (then every key between is of that type).</li>
 *   <li><b>An aggregation reads the collection as a stream</b> ({@link #queryAllAsStream}) instead of a list of every
 *   document: {@code countDocuments} over the audit log no longer needs the whole collection in the heap.</li>
 * </ul>
 */
final class UnsizedH2Collection extends H2Collection {

    private final MVMap<Object, Document> dataMap;

    UnsizedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        this.dataMap = dataMap;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Boolean ascending = idOrder(orderBy);
        if (ascending == null || !keysOfOneSortableType()) {
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Cursor<Object, Document> cursor = dataMap.cursor(null, null, !ascending);
        Iterator<Document> documents = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Document next() {
                cursor.next();
                return cursor.getValue();
            }
        };
        Stream<Document> inKeyOrder = StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED | Spliterator.NONNULL), false);
        return matchDocumentsFromStream(query, inKeyOrder, numberToSkip, limit, batchSize, null, fieldSelector);
    }

    /**
     * The documents for an aggregation ({@code countDocuments} is one: {@code $match} then {@code $group}), read from
     * the data map as the stages pull them. mongo-java-server's default collects every document of the collection into
     * a list first, so counting the audit log of a large store needed the whole collection in the heap.
     */
    @Override
    public Stream<Document> queryAllAsStream() {
        return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(dataMap.values().iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false);
    }

    /** {@code true}/{@code false} for a sort on {@code _id} alone, ascending/descending; {@code null} otherwise. */
    static Boolean idOrder(Document orderBy) {
        if (orderBy == null || orderBy.size() != 1 || !orderBy.containsKey(ID_FIELD)) {
            return null;
        }
        Object direction = orderBy.get(ID_FIELD);
        if (!(direction instanceof Number n)) {
            return null;
        }
        double d = n.doubleValue();
        return d == 1 ? Boolean.TRUE : d == -1 ? Boolean.FALSE : null;
    }

    private boolean keysOfOneSortableType() {
        if (!ID_FIELD.equals(getIdField())) {
            return false;
        }
        Object first = dataMap.firstKey();
        Object last = dataMap.lastKey();
        return (first instanceof Long && last instanceof Long) || (first instanceof String && last instanceof String);
    }
}
