package vn.thidua.projection.documents;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.testing.Infrastructure;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merged documents and their heads on the real MongoDB-wire server: the head repeats the document's revision and the
 * fields named, follows every write, never goes back to a lower revision, and is written again for a document that
 * is merely touched (the events delivered again after a crash between the document's write and its head's).
 */
class MergedDocumentsTest {

    static MongoClient client;
    MongoCollection<Document> documents;
    MongoCollection<Document> heads;
    MergedDocuments merged;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.mongoUri());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @BeforeEach
    void fresh() {
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("merged"));
        documents = db.getCollection("boards");
        heads = db.getCollection("board_heads");
        merged = new MergedDocuments(documents, "board", heads, List.of("total"));
    }

    static Map<String, Map<String, Document>> entry(String id, String key, long version, int value) {
        return Map.of(id, Map.of(key, new Document("version", version).append("value", value)));
    }

    /** The derived total: the sum of the entries' values. */
    static void total(String id, Document doc) {
        doc.append("total", doc.get(MergedDocuments.ENTRIES, Document.class).values().stream()
                .mapToInt(e -> ((Document) e).getInteger("value")).sum());
    }

    @Test
    void the_head_follows_every_write_of_its_document_with_the_fields_named() {
        merged.merge(entry("B", "u1", 1, 10), MergedDocumentsTest::total);
        assertThat(MergedDocuments.head(heads, "B")).isEqualTo(new Document("_id", "B").append("rev", 1L).append("total", 10));
        merged.merge(entry("B", "u2", 1, 5), MergedDocumentsTest::total);
        merged.merge(entry("B", "u1", 2, 7), MergedDocumentsTest::total);
        Document doc = documents.find(Filters.eq("_id", "B")).first();
        assertThat(doc.getLong("rev")).isEqualTo(3);
        assertThat(MergedDocuments.head(heads, "B")).isEqualTo(new Document("_id", "B").append("rev", 3L).append("total", 12));
        // an older entry changes neither the document nor its head
        merged.merge(entry("B", "u1", 1, 99), MergedDocumentsTest::total);
        assertThat(MergedDocuments.head(heads, "B").getLong("rev")).isEqualTo(3);
        assertThat(MergedDocuments.head(heads, "none")).isNull();
    }

    @Test
    void a_head_lost_in_a_crash_is_written_when_the_same_entries_come_again_and_a_head_never_goes_back() {
        merged.merge(entry("B", "u1", 1, 10), MergedDocumentsTest::total);
        merged.merge(entry("B", "u1", 2, 20), MergedDocumentsTest::total);
        // as if the process died between the document's write and its head's
        heads.updateOne(Filters.eq("_id", "B"), Updates.combine(Updates.set("rev", 1L), Updates.set("total", 10)));
        merged.merge(entry("B", "u1", 2, 20), MergedDocumentsTest::total);
        assertThat(MergedDocuments.head(heads, "B")).isEqualTo(new Document("_id", "B").append("rev", 2L).append("total", 20));
        // a head already ahead (written by another instance) is left as it is
        heads.updateOne(Filters.eq("_id", "B"), Updates.combine(Updates.set("rev", 9L), Updates.set("total", -1)));
        merged.merge(entry("B", "u2", 1, 1), MergedDocumentsTest::total);
        assertThat(documents.find(Filters.eq("_id", "B")).first().getLong("rev")).isEqualTo(3);
        assertThat(MergedDocuments.head(heads, "B")).isEqualTo(new Document("_id", "B").append("rev", 9L).append("total", -1));
        // a head deleted (or never written) is inserted again
        heads.deleteOne(Filters.eq("_id", "B"));
        merged.merge(entry("B", "u2", 1, 1), MergedDocumentsTest::total);
        assertThat(MergedDocuments.head(heads, "B")).isEqualTo(new Document("_id", "B").append("rev", 3L).append("total", 21));
    }
}
