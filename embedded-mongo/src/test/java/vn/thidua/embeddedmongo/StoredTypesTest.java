package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

class StoredTypesTest {

    @TempDir
    Path dir;

    private static final List<Object> VALUES = List.of(
        "", "a", "Xương Giang", "xương giang", 0L, 1L, -1L, Long.MAX_VALUE, 1, 2, 1.0, -0.5, Double.NaN,
        true, false, new ObjectId("5f1d7a2b9c8e4a0012345678"), new ObjectId("5f1d7a2b9c8e4a0012345679"),
        Instant.ofEpochMilli(1_530_000_000_000L), Instant.ofEpochMilli(1_530_000_000_001L),
        new Document("a", 1), new Document("a", 2), new Document("b", 1).append("a", 1),
        List.of(1, 2), List.of(1, 3), List.of(), new UUID(1, 2), new BinData(new byte[] {1, 2}),
        new Decimal128(1, 2), Missing.getInstance());

    @Test
    void valuesRoundTripAndCompareAsATotalOrderConsistentWithEquality() {
        List<Object> values = new ArrayList<>(VALUES);
        values.add(null);
        for (Object a : values) {
            Object read = roundTrip(a);
            if (a instanceof Missing) {
                assertThat(read).isInstanceOf(Missing.class);
            } else {
                assertThat(read).as("round trip of %s", a).isEqualTo(a);
            }
            assertThat(BsonStorage.compareValues(a, read)).isZero();
            for (Object b : values) {
                int ab = BsonStorage.compareValues(a, b);
                assertThat(Integer.signum(ab)).as("%s vs %s", a, b)
                    .isEqualTo(-Integer.signum(BsonStorage.compareValues(b, a)));
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a == b || a != null && a.equals(b));
                for (Object c : values) {
                    if (ab < 0 && BsonStorage.compareValues(b, c) < 0) {
                        assertThat(BsonStorage.compareValues(a, c)).as("%s < %s < %s", a, b, c).isNegative();
                    }
                }
            }
        }
        // numbers of the same type in numeric order, not in byte order
        assertThat(BsonStorage.compareValues(-1L, 1L)).isNegative();
        assertThat(BsonStorage.compareValues(2L, 10L)).isNegative();
        // a BSON date is milliseconds: a finer instant equals what is read back
        assertThat(BsonStorage.compareValues(Instant.ofEpochSecond(10, 1_000_500), Instant.ofEpochSecond(10, 1_000_000)))
            .isZero();
    }

    @Test
    void indexKeysCompareElementByElement() {
        StoredTypes.IndexKeyType type = StoredTypes.IndexKeyType.INSTANCE;
        assertThat(type.compare(new KeyValue("U-1", 2.0), new KeyValue("U-1", 10.0))).isNegative();
        assertThat(type.compare(new KeyValue("U-1", 2.0), new KeyValue("U-2", 1.0))).isNegative();
        assertThat(type.compare(new KeyValue("U-1", 2.0), new KeyValue("U-1", 2.0))).isZero();
        assertThat(type.compare(new KeyValue("U-1"), new KeyValue("U-1", 2.0))).isNegative();
        KeyValue key = new KeyValue("U-1", null, 3.5, new Document("x", List.of("y")));
        WriteBuffer out = new WriteBuffer(64);
        type.write(out, key);
        assertThat(type.read(flipped(out))).isEqualTo(key);
    }

    @Test
    void documentsAreStoredAsBsonNotJavaSerialization() {
        Document document = new Document("_id", "M-1").append("tên", "Phong trào thi đua")
            .append("units", List.of(new Document("unitId", "STP-01"))).append("at", Instant.ofEpochMilli(5));
        WriteBuffer out = new WriteBuffer(64);
        StoredTypes.DocumentType.INSTANCE.write(out, document);
        ByteBuffer written = flipped(out);
        assertThat(written.get(0)).isEqualTo(BsonStorage.TAG_BSON_DOCUMENT);
        assertThat(StoredTypes.DocumentType.INSTANCE.read(written)).isEqualTo(document);
        assertThat(written.remaining()).isZero();
    }

    @Test
    void aValueBsonCannotCarryIsKeptAnyway() {
        java.math.BigInteger notBson = java.math.BigInteger.TEN.pow(30);
        WriteBuffer out = new WriteBuffer(64);
        BsonStorage.writeValue(out, notBson);
        ByteBuffer written = flipped(out);
        assertThat(written.get(0)).isEqualTo(BsonStorage.TAG_JAVA);
        assertThat(BsonStorage.readValue(written)).isEqualTo(notBson);
    }

    @Test
    void mapsAreOpenedWithTheirTypesByName() {
        try (MVStore store = new MVStore.Builder().fileName(dir.resolve("s.mv").toString()).open()) {
            StoredTypes.open(store, "databases.app.things");
            StoredTypes.open(store, "app.things._index_code_1");
            StoredTypes.open(store, "meta.app.things");
            MVMap<Object, Object> data = store.openMap("databases.app.things");
            MVMap<Object, Object> index = store.openMap("app.things._index_code_1");
            assertThat(data.getKeyType()).isSameAs(StoredTypes.ValueType.INSTANCE);
            assertThat(data.getValueType()).isSameAs(StoredTypes.DocumentType.INSTANCE);
            assertThat(index.getKeyType()).isSameAs(StoredTypes.IndexKeyType.INSTANCE);
            assertThat(index.getValueType()).isSameAs(StoredTypes.ValueType.INSTANCE);
            assertThat(store.hasMap("meta.app.things")).isFalse(); // left to H2's default type
        }
    }

    private static Object roundTrip(Object value) {
        WriteBuffer out = new WriteBuffer(64);
        BsonStorage.writeValue(out, value);
        ByteBuffer in = flipped(out);
        Object read = BsonStorage.readValue(in);
        assertThat(in.remaining()).as("bytes left after %s", value).isZero();
        return read;
    }

    private static ByteBuffer flipped(WriteBuffer out) {
        ByteBuffer buffer = out.getBuffer();
        buffer.flip();
        return buffer;
    }
}
