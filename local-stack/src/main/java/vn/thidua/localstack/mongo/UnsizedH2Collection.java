package vn.thidua.localstack.mongo;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An {@link H2Collection} that does not keep the total size of its documents. mongo-java-server keeps it for
 * {@code collStats}/{@code validate} by encoding every inserted and deleted document to BSON once more, and every
 * updated document twice (old and new), and by rewriting the collection's metadata map on each write; all of it on
 * the one thread that writes (see {@link DurableH2Backend}). In a profile of the rebuild benchmark that was ~8 % of
 * that thread's time. Nothing of Thi đua reads a collection's {@code size}; {@code count}, indexes and the storage
 * size are unaffected. The value reported is the one stored before this class (0 for a new collection).
 */
final class UnsizedH2Collection extends H2Collection {

    UnsizedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }
}
