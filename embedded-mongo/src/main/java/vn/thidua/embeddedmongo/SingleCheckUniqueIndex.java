package vn.thidua.embeddedmongo;

import java.util.List;
import java.util.Map.Entry;
import java.util.Set;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;

/**
 * mongo-java-server's H2 unique index ({@code H2UniqueIndex}: the same map, the same keys and positions) without
 * its second look-up per insert. The stock {@code add} repeats {@code checkAdd}, which the collection has just
 * called for every index before writing the document; here a single-key {@code add} relies on the map's
 * {@code putIfAbsent} instead, which reports a key that is there already as the same {@link DuplicateKeyError}
 * (an index built over documents that share a key still fails as a duplicate). A document with several keys (an
 * array under an indexed field) and a sparse index take the stock path.
 */
final class SingleCheckUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> mvMap;

    SingleCheckUniqueIndex(MVMap<KeyValue, Object> mvMap, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.mvMap = mvMap;
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        Set<KeyValue> keyValues = isSparse() ? null : getKeyValues(document);
        if (keyValues == null || keyValues.size() != 1) {
            super.add(document, position, collection); // sparse, or several keys: checked, then added, as upstream
            return;
        }
        KeyValue keyValue = keyValues.iterator().next();
        if (!putKeyPosition(keyValue, position)) { // the one look-up: the key was there already
            throw new DuplicateKeyError(this, collection, getKeys(), keyValue);
        }
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return mvMap.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return mvMap.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return mvMap.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return mvMap.get(keyValue);
    }

    @Override
    public long getCount() {
        return mvMap.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return mvMap.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
