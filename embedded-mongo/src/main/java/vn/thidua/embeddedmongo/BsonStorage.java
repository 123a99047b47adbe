package vn.thidua.embeddedmongo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

import org.h2.mvstore.WriteBuffer;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How documents, index keys and document positions are written into the MVStore pages: BSON, with mongo-java-server's
 * own encoder and decoder (the values came off the wire as BSON, so they round-trip), instead of H2's default
 * {@code ObjectDataType}, which writes every document, index key and position with Java serialization
 * ({@code ObjectOutputStream}) and compares two index keys by serializing both. See {@link StorageFormat}.
 * <p>
 * A value BSON cannot carry (none is expected: mongo-java-server stores what it decoded from BSON) is written with
 * Java serialization behind its own tag, so an unexpected value costs speed, never data.
 * <p>
 * Stateless and thread-safe: pages are written by the committing thread and read by any reader.
 */
final class BsonStorage {

    /** Tag of a BSON document written with BSON; followed by the document (its length first, little-endian). */
    static final byte TAG_BSON_DOCUMENT = 'B';
    /** Tag of a value written with Java serialization; followed by a varint length and the bytes. */
    static final byte TAG_JAVA = '@';
    /** Tag of {@link Missing} (a position of a document without {@code _id}); nothing follows. */
    static final byte TAG_MISSING = 0;

    private static final int REUSE_LIMIT = 1 << 20;
    private static final ThreadLocal<ByteBuf> BUFFERS = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

    private BsonStorage() {
    }

    // ---------------------------------------------------------------------------------------------- documents

    static void writeDocument(WriteBuffer out, Document document) {
        ByteBuf buffer = buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
        } catch (RuntimeException notBson) {
            writeJava(out, document);
            return;
        }
        out.put(TAG_BSON_DOCUMENT);
        copy(buffer, out);
    }

    static Document readDocument(ByteBuffer in) {
        byte tag = in.get();
        if (tag == TAG_JAVA) {
            return (Document) readJava(in);
        }
        if (tag != TAG_BSON_DOCUMENT) {
            throw new IllegalStateException("unknown document tag " + tag + " in the store");
        }
        int length = Integer.reverseBytes(in.getInt(in.position()));
        Document document = BsonDecoder.decodeBson(slice(in, length));
        in.position(in.position() + length);
        return document;
    }

    // ------------------------------------------------------------------------------------------ single values

    /** Writes one value (a position, an element of an index key): a tag (the BSON type) and the BSON value. */
    static void writeValue(WriteBuffer out, Object value) {
        if (value instanceof Missing) {
            out.put(TAG_MISSING);
            return;
        }
        byte type;
        ByteBuf buffer = buffer();
        try {
            type = BsonEncoder.determineType(value);
            BsonEncoder.encodeValue(type, value, buffer);
        } catch (RuntimeException notBson) {
            writeJava(out, value);
            return;
        }
        out.put(type);
        copy(buffer, out);
    }

    static Object readValue(ByteBuffer in) {
        byte tag = in.get();
        switch (tag) {
            case TAG_MISSING:
                return Missing.getInstance();
            case TAG_JAVA:
                return readJava(in);
            default:
                ByteBuf source = Unpooled.wrappedBuffer(in.slice());
                Object value = BsonDecoder.decodeValue(tag, source);
                in.position(in.position() + source.readerIndex());
                return value;
        }
    }

    /**
     * A total order on stored values that is consistent with their equality as BSON values of the same type:
     * first by type (so {@code 1}, {@code 1L} and {@code 1.0} are three keys, as they were with H2's default
     * type), then by value — numerically, by string, by date … — and for documents, arrays and binaries by their
     * BSON bytes. Within {@code Long} and {@code String} keys the order is the natural one, so a collection whose
     * {@code _id}s are numbers is still stored (and scanned) in numeric order.
     */
    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != rankB) {
            return Integer.compare(rankA, rankB);
        }
        if (a instanceof String s) {
            return s.compareTo((String) b);
        }
        if (a instanceof Long l) {
            return Long.compare(l, (Long) b);
        }
        if (a instanceof Integer i) {
            return Integer.compare(i, (Integer) b);
        }
        if (a instanceof Double d) {
            return Double.compare(d, (Double) b);
        }
        if (a instanceof Boolean bool) {
            return Boolean.compare(bool, (Boolean) b);
        }
        if (a instanceof ObjectId id) {
            return id.compareTo((ObjectId) b);
        }
        if (a instanceof Instant instant) {
            // BSON dates are milliseconds: a value read back from a page must equal the one that was written
            return Long.compare(instant.toEpochMilli(), ((Instant) b).toEpochMilli());
        }
        if (a == null || a instanceof Missing) {
            return 0; // same rank: both null or both missing
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    private static int rank(Object value) {
        if (value instanceof Missing) {
            return -2;
        }
        if (value == null) {
            return -1;
        }
        try {
            return BsonEncoder.determineType(value) & 0xFF;
        } catch (RuntimeException notBson) {
            return 0x100; // after every BSON type; compared by their serialized bytes
        }
    }

    private static byte[] bytes(Object value) {
        WriteBuffer out = new WriteBuffer(64);
        writeValue(out, value);
        ByteBuffer written = out.getBuffer();
        written.flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    /** A rough estimate of the heap a value takes, for the page cache's accounting (sampled by MVStore). */
    static int estimateMemory(Object value) {
        if (value == null || value instanceof Missing || value instanceof Boolean) {
            return 8;
        }
        if (value instanceof String s) {
            return 40 + s.length();
        }
        if (value instanceof Map<?, ?> map) {
            int size = 48;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 40 + estimateMemory(entry.getKey()) + estimateMemory(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> collection) {
            int size = 40;
            for (Object element : collection) {
                size += 8 + estimateMemory(element);
            }
            return size;
        }
        return 24;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ByteBuf buffer() {
        ByteBuf buffer = BUFFERS.get();
        if (buffer.capacity() > REUSE_LIMIT) {
            buffer = Unpooled.buffer(4096);
            BUFFERS.set(buffer);
        }
        buffer.clear();
        return buffer;
    }

    private static void copy(ByteBuf from, WriteBuffer to) {
        to.put(from.array(), from.arrayOffset() + from.readerIndex(), from.readableBytes());
    }

    private static ByteBuf slice(ByteBuffer in, int length) {
        ByteBuffer slice = in.slice();
        slice.limit(length);
        return Unpooled.wrappedBuffer(slice);
    }

    private static void writeJava(WriteBuffer out, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream stream = new ObjectOutputStream(bytes)) {
            stream.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + value.getClass().getName(), e);
        }
        out.put(TAG_JAVA);
        out.putVarInt(bytes.size());
        out.put(bytes.toByteArray());
    }

    private static Object readJava(ByteBuffer in) {
        int length = org.h2.mvstore.DataUtils.readVarInt(in);
        byte[] bytes = new byte[length];
        in.get(bytes);
        try (ObjectInputStream stream = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return stream.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a stored value", e);
        }
    }
}
