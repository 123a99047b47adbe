package vn.thidua.projection.documents;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.projection.DomainEvent;
import vn.thidua.testing.Infrastructure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folded documents on the real MongoDB-wire server: a batch that only starts streams is inserted without a read, and
 * the same events delivered again (after a crash) leave every document as it stands and return it.
 */
class FoldedDocumentsTest {

    static MongoClient client;
    MongoCollection<Document> collection;
    FoldedDocuments documents;

    static final List<String> commands = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(Infrastructure.mongoUri()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                    }
                }).build());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void fresh() {
        collection = client.getDatabase(Infrastructure.uniqueName("folded")).getCollection("results");
        documents = new FoldedDocuments(collection, "result");
    }

    static DomainEvent event(String id, long sequence, int value) {
        return new DomainEvent(sequence + 1, 0, id + "-" + sequence, "TaskResult", id, sequence, "1", Instant.EPOCH,
                Map.of(), value);
    }

    /** The document after one more event: the count of events and the last value. */
    static Document fold(Document doc, DomainEvent e) {
        Document after = doc == null ? new Document("events", 0) : doc;
        return after.append("events", after.getInteger("events") + 1).append("value", e.payload());
    }

    @Test
    void a_batch_of_new_streams_is_stored_with_one_write_and_no_read() {
        commands.clear();
        Map<String, Document> touched = documents.apply(Map.of("A", List.of(event("A", 0, 1)),
                "B", List.of(event("B", 0, 2), event("B", 1, 3))), FoldedDocumentsTest::fold);

        assertThat(commands).containsExactly("insert");
        assertThat(touched.get("B").getLong("version")).isEqualTo(1);
        assertThat(collection.countDocuments()).isEqualTo(2);
        assertThat(collection.find(new Document("_id", "B")).first().getInteger("value")).isEqualTo(3);
    }

    @Test
    void new_streams_delivered_again_after_later_events_leave_the_documents_as_they_stand() {
        documents.apply(Map.of("A", List.of(event("A", 0, 1), event("A", 1, 5))), FoldedDocumentsTest::fold);

        // a redelivery of the stream's start, with a stream never seen before in the same batch
        Map<String, Document> touched = documents.apply(Map.of("A", List.of(event("A", 0, 1)),
                "C", List.of(event("C", 0, 7))), FoldedDocumentsTest::fold);

        assertThat(touched.get("A").getLong("version")).isEqualTo(1);
        assertThat(touched.get("A").getInteger("value")).isEqualTo(5);
        assertThat(collection.find(new Document("_id", "A")).first().getInteger("events")).isEqualTo(2);
        assertThat(collection.find(new Document("_id", "C")).first().getInteger("value")).isEqualTo(7);
    }
}
