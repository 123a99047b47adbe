package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

/**
 * The failure that {@link UnsizedH2Collection}'s sort on {@code _id} fixes: a server holding more data than its heap,
 * asked for the last document by {@code _id} (what the command-service asks at start-up for the log's last
 * position). mongo-java-server's own sort decoded every document of the collection into memory first: with ~300,000
 * events the 1 GB server died of {@code OutOfMemoryError} at every restart. Here: 160 MB of documents, a 96 MB heap, a
 * 4 MB page cache, and a restart between the writes and the question (so nothing is cached).
 */
class LargeCollectionSortTest {

    static {
        QuietLogging.apply();
    }

    private static final int DOCUMENTS = 8_000;
    private static final String BODY = "Báo cáo kết quả thực hiện nhiệm vụ trọng tâm. ".repeat(400); // ~20 KB

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void the_last_document_by_id_of_a_collection_larger_than_the_heap() throws Exception {
        try (MongoChildProcess server = MongoChildProcess.startWithHeap(dataDir, "96m", "--cache-mb", "4");
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> log = client.getDatabase("app").getCollection("log");
            List<Document> batch = new ArrayList<>();
            for (long id = 1; id <= DOCUMENTS; id++) {
                batch.add(new Document("_id", id).append("body", BODY + id));
                if (batch.size() == 100) {
                    log.insertMany(batch);
                    batch.clear();
                }
            }
            server.stop(); // SIGTERM: the shutdown hook closes the store
        }
        try (MongoChildProcess server = MongoChildProcess.startWithHeap(dataDir, "96m", "--cache-mb", "4");
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> log = client.getDatabase("app").getCollection("log");
            Document last = log.find().sort(Sorts.descending("_id")).projection(Projections.include("_id")).first();
            assertThat(last).isNotNull();
            assertThat(last.getLong("_id")).isEqualTo(DOCUMENTS);
            Document first = log.find().sort(Sorts.ascending("_id")).first();
            assertThat(first).isNotNull();
            assertThat(first.getString("body")).isEqualTo(BODY + 1);
            // the server is alive and writes
            log.insertOne(new Document("_id", (long) DOCUMENTS + 1).append("body", "tiếp theo"));
            assertThat(log.countDocuments()).isEqualTo(DOCUMENTS + 1);
        }
    }
}
