package vn.thidua.localstack.mongo;

import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * mongo-java-server's {@link H2Database} with its maps opened with the {@link StoredTypes} of format 2: a map
 * opened here first is the one {@code H2Database} then finds open.
 * <p>
 * {@code H2Database}'s constructor already opens the collections of an existing database, before this class's
 * fields are set: {@link #create} therefore opens every map of the database (and the namespaces collection of a
 * new one) before constructing it.
 */
final class TypedH2Database extends H2Database {

    private static final String NAMESPACES_COLLECTION = "system.namespaces";
    private static final String INDEXES_COLLECTION = "system.indexes";

    private final MVStore store;

    private TypedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    static TypedH2Database create(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        String dataPrefix = StoredTypes.DATA_PREFIX + databaseName + ".";
        String indexPrefix = databaseName + ".";
        for (String mapName : store.getMapNames()) {
            if (mapName.startsWith(dataPrefix) || mapName.startsWith(indexPrefix)) {
                StoredTypes.open(store, mapName);
            }
        }
        StoredTypes.open(store, dataPrefix + NAMESPACES_COLLECTION);
        StoredTypes.open(store, dataPrefix + INDEXES_COLLECTION);
        return new TypedH2Database(databaseName, store, cursorRegistry);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        if (store != null) {
            StoredTypes.open(store, StoredTypes.DATA_PREFIX + getFullCollectionNamespace(collectionName));
        }
        return super.openOrCreateCollection(collectionName, options);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        if (store != null) {
            StoredTypes.open(store, getFullCollectionNamespace(collectionName) + StoredTypes.INDEX_INFIX + indexName);
        }
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
}
