package vn.thidua.embeddedmongo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The MVStore data types of mongo-java-server's maps (format 2, see {@link StorageFormat}), chosen by map name:
 * <ul>
 *   <li>{@code databases.<db>.<collection>} — the documents: position ({@code _id} value) → document;</li>
 *   <li>{@code <db>.<collection>._index_<name>} — a unique index: key values → position;</li>
 *   <li>{@code meta.<db>.<collection>} — a collection's counters: kept on H2's default type (a string → a number,
 *   which H2 writes without Java serialization).</li>
 * </ul>
 * mongo-java-server's {@code H2Database} opens its maps with {@code mvStore.openMap(name)}, which returns a map that
 * is already open; so opening a map here first, with these types, is all it takes ({@link TypedH2Database}).
 */
final class StoredTypes {

    static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";
    static final String INDEX_INFIX = "._index_";

    private StoredTypes() {
    }

    /** Opens the map with the types its name calls for (a no-op for a map already open, or a meta map). */
    static void open(MVStore store, String mapName) {
        if (mapName.startsWith(DATA_PREFIX)) {
            store.openMap(mapName, new MVMap.Builder<Object, Document>()
                .keyType(ValueType.INSTANCE).valueType(DocumentType.INSTANCE));
        } else if (isIndex(mapName)) {
            store.openMap(mapName, new MVMap.Builder<KeyValue, Object>()
                .keyType(IndexKeyType.INSTANCE).valueType(ValueType.INSTANCE));
        }
    }

    /** Whether a map of this name holds documents or index entries, i.e. is written differently in format 2. */
    static boolean isTyped(String mapName) {
        return mapName.startsWith(DATA_PREFIX) || isIndex(mapName);
    }

    private static boolean isIndex(String mapName) {
        return mapName.contains(INDEX_INFIX) && !mapName.startsWith(META_PREFIX);
    }

    /** A document, as BSON. */
    static final class DocumentType extends BasicDataType<Document> {
        static final DocumentType INSTANCE = new DocumentType();

        @Override
        public int getMemory(Document document) {
            return BsonStorage.estimateMemory(document);
        }

        @Override
        public void write(WriteBuffer buffer, Document document) {
            BsonStorage.writeDocument(buffer, document);
        }

        @Override
        public Document read(ByteBuffer buffer) {
            return BsonStorage.readDocument(buffer);
        }

        @Override
        public int compare(Document a, Document b) {
            throw new UnsupportedOperationException("documents are values, never keys");
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    /** A single BSON value: the position of a document (its {@code _id}, or {@code Missing}). */
    static final class ValueType extends BasicDataType<Object> {
        static final ValueType INSTANCE = new ValueType();

        @Override
        public int getMemory(Object value) {
            return BsonStorage.estimateMemory(value);
        }

        @Override
        public void write(WriteBuffer buffer, Object value) {
            BsonStorage.writeValue(buffer, value);
        }

        @Override
        public Object read(ByteBuffer buffer) {
            return BsonStorage.readValue(buffer);
        }

        @Override
        public int compare(Object a, Object b) {
            return BsonStorage.compareValues(a, b);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }

    /**
     * The key of a unique index: the (normalized) values of the indexed fields, compared element by element with
     * {@link BsonStorage#compareValues}. H2's default type compared two of these by serializing both with
     * {@code ObjectOutputStream} — at every step of every binary search.
     */
    static final class IndexKeyType extends BasicDataType<KeyValue> {
        static final IndexKeyType INSTANCE = new IndexKeyType();

        @Override
        public int getMemory(KeyValue key) {
            int size = 40;
            for (Object value : key) {
                size += 8 + BsonStorage.estimateMemory(value);
            }
            return size;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            buffer.putVarInt(key.size());
            for (Object value : key) {
                BsonStorage.writeValue(buffer, value);
            }
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            int size = DataUtils.readVarInt(buffer);
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(BsonStorage.readValue(buffer));
            }
            return new KeyValue(values);
        }

        @Override
        public int compare(KeyValue a, KeyValue b) {
            if (a == b) {
                return 0;
            }
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                int c = BsonStorage.compareValues(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
