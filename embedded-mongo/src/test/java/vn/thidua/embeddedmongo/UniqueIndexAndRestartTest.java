package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

/**
 * In-process {@link DurableMongoServer}: a unique index holds under concurrent inserts of the same key (one
 * insert wins, the others get E11000), and a clean restart keeps documents and the index.
 */
class UniqueIndexAndRestartTest {

    static {
        QuietLogging.apply();
    }

    private static final int KEYS = 20;
    private static final int CONTENDERS = 8;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void uniqueIndexUnderConcurrencyAndCleanRestart() throws Exception {
        DurableMongoServer server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("app").getCollection("users");
            users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));

            ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
            try {
                for (int key = 0; key < KEYS; key++) {
                    String email = "user" + key + "@example.org";
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Integer>> attempts = new ArrayList<>();
                    for (int c = 0; c < CONTENDERS; c++) {
                        String id = "u" + key + "-" + c;
                        attempts.add(pool.submit(() -> {
                            go.await();
                            try {
                                users.insertOne(new Document("_id", id).append("email", email));
                                return 0;
                            } catch (MongoWriteException e) {
                                assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY);
                                return e.getCode();
                            }
                        }));
                    }
                    go.countDown();
                    List<Integer> codes = new ArrayList<>();
                    for (Future<Integer> attempt : attempts) {
                        codes.add(attempt.get(30, TimeUnit.SECONDS));
                    }
                    assertThat(codes).as("one insert wins, the others are duplicates (" + email + ")")
                        .containsOnlyOnce(0)
                        .filteredOn(code -> code != 0).containsOnly(11000).hasSize(CONTENDERS - 1);
                    assertThat(users.countDocuments(Filters.eq("email", email))).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
            // findAndModify goes through the writer as well
            Document updated = users.findOneAndUpdate(Filters.eq("email", "user0@example.org"),
                Updates.set("name", "Zero"), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            assertThat(updated).containsEntry("name", "Zero");
        } finally {
            server.close();
        }

        // clean restart on the same directory: data and unique index are back
        DurableMongoServer restarted = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        try (MongoClient client = MongoClients.create(restarted.connectionString())) {
            MongoCollection<Document> users = client.getDatabase("app").getCollection("users");
            assertThat(users.countDocuments()).isEqualTo(KEYS);
            assertThat(users.find(Filters.eq("email", "user0@example.org")).first()).containsEntry("name", "Zero");
            List<String> indexNames = new ArrayList<>();
            users.listIndexes().forEach(index -> indexNames.add(index.getString("name")));
            assertThat(indexNames).contains("email_1");
            assertThatThrownBy(() -> users.insertOne(new Document("_id", "late").append("email", "user3@example.org")))
                .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            assertThat(restarted.dataFile()).exists();
        } finally {
            restarted.close();
        }
    }
}
