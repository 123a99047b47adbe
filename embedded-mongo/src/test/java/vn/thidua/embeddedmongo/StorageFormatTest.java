package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Storage format 2 (documents, index keys and positions as BSON) over the wire, across restarts (so every page is
 * read back from the file, not from the page cache), and the migration of a file written by mongo-java-server's
 * stock H2 backend (format 1).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StorageFormatTest {

    static {
        QuietLogging.apply();
    }

    @TempDir
    Path dataDir;

    @Test
    void everyBsonTypeSurvivesARestartAndIndexesStillHold() {
        List<Document> written = sampleDocuments(300);
        DurableMongoServer server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("app").getCollection("things");
            things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            things.createIndex(Indexes.ascending("unit", "period"), new IndexOptions().unique(true));
            things.insertMany(written);
            things.updateOne(Filters.eq("code", "C-7"), Updates.set("note", "Phường Xương Giang"));
            written.get(7).put("note", "Phường Xương Giang");
        } finally {
            server.close();
        }

        DurableMongoServer restarted = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(restarted.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("app").getCollection("things");
            List<Document> read = things.find().sort(Sorts.ascending("seq")).into(new ArrayList<>());
            assertThat(read).isEqualTo(written);
            // point reads through both unique indexes
            assertThat(things.find(Filters.eq("code", "C-42")).first()).isEqualTo(written.get(42));
            assertThat(things.find(Filters.and(Filters.eq("unit", "U-3"), Filters.eq("period", 3L))).first())
                .isEqualTo(written.get(3));
            assertThatThrownBy(() -> things.insertOne(new Document("code", "C-1")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            assertThatThrownBy(() -> things.insertOne(new Document("unit", "U-5").append("period", 5L)
                .append("code", "new"))).isInstanceOf(MongoWriteException.class);
            // a number stored as a long, looked up as an int or a double: still the same index key
            assertThatThrownBy(() -> things.insertOne(new Document("unit", "U-5").append("period", 5.0)
                .append("code", "new2"))).isInstanceOf(MongoWriteException.class);
            // deleting frees the keys
            things.deleteOne(Filters.eq("code", "C-9"));
            things.insertOne(new Document("code", "C-9").append("unit", "U-9").append("period", 9L));
            assertThat(things.countDocuments()).isEqualTo(written.size());
        } finally {
            restarted.close();
        }
    }

    @Test
    void numericIdsStayInNumericOrder() {
        List<Long> ids = new ArrayList<>();
        for (long i = 0; i < 2_000; i++) {
            ids.add(i * 37 - 500);
        }
        Collections.shuffle(ids, new Random(7));
        DurableMongoServer server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> log = client.getDatabase("app").getCollection("log");
            for (Long id : ids) {
                log.insertOne(new Document("_id", id));
            }
        } finally {
            server.close();
        }
        DurableMongoServer restarted = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(restarted.connectionString())) {
            MongoCollection<Document> log = client.getDatabase("app").getCollection("log");
            List<Long> natural = new ArrayList<>();
            log.find().forEach(doc -> natural.add(doc.getLong("_id")));
            assertThat(natural).isSorted().hasSize(ids.size());
            assertThat(log.countDocuments(Filters.gt("_id", 1000L))).isEqualTo(ids.stream().filter(id -> id > 1000).count());
        } finally {
            restarted.close();
        }
    }

    @Test
    void aFileOfTheStockBackendIsMigratedAndKept() {
        List<Document> written = sampleDocuments(200);
        Path file = dataDir.resolve(DurableMongoServer.DATA_FILE_NAME);
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        stock.bind("127.0.0.1", 0);
        String address = "mongodb://" + hostAndPort(stock.getLocalAddress());
        try (MongoClient client = MongoClients.create(address)) {
            MongoCollection<Document> things = client.getDatabase("app").getCollection("things");
            things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
            things.insertMany(written);
            client.getDatabase("other").getCollection("empty").createIndex(Indexes.ascending("x"),
                new IndexOptions().unique(true));
        } finally {
            stock.shutdown();
        }
        try (MVStore old = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            assertThat(StorageFormat.of(old)).as("stock file").isEqualTo(1);
        }

        DurableMongoServer server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("app").getCollection("things");
            assertThat(things.find().sort(Sorts.ascending("seq")).into(new ArrayList<>())).isEqualTo(written);
            assertThatThrownBy(() -> things.insertOne(new Document("code", "C-3")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            things.insertOne(new Document("code", "after-migration").append("seq", -1));
            List<String> otherIndexes = new ArrayList<>();
            client.getDatabase("other").getCollection("empty").listIndexes()
                .forEach(index -> otherIndexes.add(index.getString("name")));
            assertThat(otherIndexes).contains("x_1");
        } finally {
            server.close();
        }
        assertThat(StorageFormat.backupFile(file)).exists();
        assertThat(StorageFormat.migratingFile(file)).doesNotExist();

        // the second start finds format 2 and migrates nothing
        DurableMongoServer again = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(again.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("app").getCollection("things");
            assertThat(things.countDocuments()).isEqualTo(written.size() + 1);
            assertThat(things.find(Filters.eq("code", "after-migration")).first()).isNotNull();
        } finally {
            again.close();
        }
    }

    @Test
    void aMigrationInterruptedBetweenItsRenamesIsFinished() throws Exception {
        Path file = dataDir.resolve(DurableMongoServer.DATA_FILE_NAME);
        DurableMongoServer server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("app").getCollection("things").insertOne(new Document("_id", "kept"));
        } finally {
            server.close();
        }
        // as if the process died after moving the old file away and before moving the copy in
        java.nio.file.Files.move(file, StorageFormat.migratingFile(file));
        java.nio.file.Files.writeString(StorageFormat.backupFile(file), "the old file");

        DurableMongoServer restarted = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(restarted.connectionString())) {
            assertThat(client.getDatabase("app").getCollection("things").find(Filters.eq("_id", "kept")).first())
                .isNotNull();
        } finally {
            restarted.close();
        }
    }

    private static byte[] uuidBytes(int i) {
        return java.nio.ByteBuffer.allocate(16).putLong(i).putLong(-i).array();
    }

    private static String hostAndPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Documents with every BSON type the services use, and some they do not. */
    static List<Document> sampleDocuments(int count) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Document nested = new Document("tên", "Sở Tư pháp tỉnh Bắc Giang " + i)
                .append("scores", List.of(1, 2L, 3.5, "bốn", new Document("năm", 5)))
                .append("empty", new Document())
                .append("emptyList", List.of());
            Document document = new Document("_id", i % 3 == 0 ? new ObjectId() : (Object) ("id-" + i))
                .append("seq", i)
                .append("code", "C-" + i)
                .append("unit", "U-" + i)
                .append("period", (long) i)
                .append("ratio", i / 7.0)
                .append("amount", Decimal128.parse("12345.678" + i))
                .append("big", Long.MAX_VALUE - i)
                .append("flag", i % 2 == 0)
                .append("nothing", null)
                .append("at", new Date(1_530_000_000_000L + i * 1000L))
                .append("uuid", new Binary((byte) 4, uuidBytes(i))) // the server holds it as a java.util.UUID
                .append("bytes", new Binary(new byte[] {1, 2, (byte) i}))
                .append("nested", nested);
            documents.add(document);
        }
        return documents;
    }
}
