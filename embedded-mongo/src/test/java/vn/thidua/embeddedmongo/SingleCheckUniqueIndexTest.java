package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.DuplicateKeyException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;

/**
 * The unique indexes of the embedded server ({@link SingleCheckUniqueIndex}: one look-up per insert, not two)
 * refuse every duplicate the stock index refuses, with the same E11000, and leave the data as it was.
 */
class SingleCheckUniqueIndexTest {

    static {
        QuietLogging.apply();
    }

    @TempDir
    Path dataDir;

    private DurableMongoServer server;
    private MongoClient client;
    private MongoCollection<Document> things;

    @BeforeEach
    void start() {
        server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        client = MongoClients.create(server.connectionString());
        things = client.getDatabase("app").getCollection("things");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void a_duplicate_id_in_an_unordered_bulk_is_refused_and_the_others_are_written() {
        things.insertOne(new Document("_id", "a").append("v", 1));
        assertThatThrownBy(() -> things.insertMany(List.of(new Document("_id", "b"), new Document("_id", "a").append("v", 2),
                new Document("_id", "c"), new Document("_id", "b")), new InsertManyOptions().ordered(false)))
            .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> {
                assertThat(e.getWriteErrors()).extracting(err -> err.getIndex()).containsExactly(1, 3);
                assertThat(e.getWriteErrors()).allSatisfy(err -> assertThat(err.getCode()).isEqualTo(11000));
            });
        assertThat(things.find().map(d -> d.getString("_id")).into(new ArrayList<>())).containsExactly("a", "b", "c");
        assertThat(things.find(Filters.eq("_id", "a")).first()).containsEntry("v", 1);
    }

    @Test
    void a_unique_field_refuses_an_equal_value_of_another_numeric_type() {
        things.createIndex(Indexes.ascending("n"), new IndexOptions().unique(true));
        things.insertOne(new Document("_id", 1).append("n", 7));
        assertThatThrownBy(() -> things.insertOne(new Document("_id", 2).append("n", 7.0)))
            .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        assertThatThrownBy(() -> things.insertOne(new Document("_id", 3).append("n", 7L)))
            .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        assertThat(things.countDocuments()).isEqualTo(1);
        things.insertOne(new Document("_id", 4).append("n", 8));
        assertThat(things.countDocuments(Filters.eq("n", 8))).isEqualTo(1);
    }

    @Test
    void an_update_onto_a_taken_value_is_refused_and_a_freed_value_can_be_taken() {
        things.createIndex(Indexes.ascending("revision"), new IndexOptions().unique(true));
        things.insertOne(new Document("_id", "x").append("revision", "x#1"));
        things.insertOne(new Document("_id", "y").append("revision", "y#1"));
        assertThatThrownBy(() -> things.updateOne(Filters.eq("_id", "y"), Updates.set("revision", "x#1")))
            .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        assertThat(things.find(Filters.eq("_id", "y")).first()).containsEntry("revision", "y#1");
        // a replacement conditional on the revision moves the key: the old one is free again
        assertThat(things.replaceOne(Filters.eq("revision", "x#1"), new Document("_id", "x").append("revision", "x#2"))
            .getModifiedCount()).isEqualTo(1);
        things.insertOne(new Document("_id", "z").append("revision", "x#1"));
        assertThat(things.find(Filters.eq("revision", "x#2")).first()).containsEntry("_id", "x");
        assertThat(things.find(Filters.eq("revision", "x#1")).first()).containsEntry("_id", "z");
    }

    @Test
    void array_values_and_index_builds_over_duplicates_are_refused_as_before() {
        things.createIndex(Indexes.ascending("tags"), new IndexOptions().unique(true));
        things.insertOne(new Document("_id", 1).append("tags", List.of("a", "b")));
        assertThatThrownBy(() -> things.insertOne(new Document("_id", 2).append("tags", List.of("c", "b"))))
            .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        assertThat(things.countDocuments()).isEqualTo(1);

        MongoCollection<Document> others = client.getDatabase("app").getCollection("others");
        others.insertMany(List.of(new Document("_id", 1).append("k", "same"), new Document("_id", 2).append("k", "same")));
        assertThatThrownBy(() -> others.createIndex(Indexes.ascending("k"), new IndexOptions().unique(true)))
            .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        // the failed build left no index behind: the duplicates stay readable and another one can be written
        others.insertOne(new Document("_id", 3).append("k", "same"));
        assertThat(others.countDocuments(Filters.eq("k", "same"))).isEqualTo(3);
    }
}
