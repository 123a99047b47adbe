package vn.thidua.embeddedmongo;

import java.util.List;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's {@link H2Database} with its maps opened with the {@link StoredTypes} of format 2: a map
 * opened here first is the one {@code H2Database} then finds open. Its collections are {@link UnsizedH2Collection}s.
 * <p>
 * {@code H2Database}'s constructor already opens the collections of an existing database, before this class's
 * fields are set: {@link #create} therefore opens every map of the database (and the namespaces collection of a
 * new one) before constructing it, and hands the store and cursor registry to the collections opened by that
 * constructor through {@link #CONSTRUCTING}. Its unique indexes are {@link SingleCheckUniqueIndex}es.
 */
final class TypedH2Database extends H2Database {

    private static final String NAMESPACES_COLLECTION = "system.namespaces";
    private static final String INDEXES_COLLECTION = "system.indexes";
    /** {@code H2Database}'s prefix of a collection's metadata map (its stale {@code dataSize}). */
    private static final String META_PREFIX = "meta.";

    private record Parts(MVStore store, CursorRegistry cursorRegistry) {
    }

    /** The store and cursor registry of the database whose constructor runs on this thread. */
    private static final ThreadLocal<Parts> CONSTRUCTING = new ThreadLocal<>();

    private final Parts parts;

    private TypedH2Database(String databaseName, Parts parts) {
        super(databaseName, parts.store(), parts.cursorRegistry());
        this.parts = parts;
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
        Parts parts = new Parts(store, cursorRegistry);
        CONSTRUCTING.set(parts);
        try {
            return new TypedH2Database(databaseName, parts);
        } finally {
            CONSTRUCTING.remove();
        }
    }

    private Parts parts() {
        return parts != null ? parts : CONSTRUCTING.get();
    }

    /** What {@code H2Database} opens, on the same maps, as an {@link UnsizedH2Collection}. */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        Parts p = parts();
        String fullName = getFullCollectionNamespace(collectionName);
        String dataMapName = StoredTypes.DATA_PREFIX + fullName;
        StoredTypes.open(p.store(), dataMapName);
        MVMap<Object, Document> dataMap = p.store().openMap(dataMapName);
        MVMap<String, Object> metaMap = p.store().openMap(META_PREFIX + fullName);
        return new UnsizedH2Collection(this, collectionName, options, dataMap, metaMap, p.cursorRegistry());
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String mapName = getFullCollectionNamespace(collectionName) + StoredTypes.INDEX_INFIX + indexName;
        StoredTypes.open(parts().store(), mapName);
        MVMap<KeyValue, Object> map = parts().store().openMap(mapName);
        return new SingleCheckUniqueIndex(map, indexName, keys, sparse);
    }
}
