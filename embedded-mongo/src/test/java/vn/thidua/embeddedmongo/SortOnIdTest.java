package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;

/**
 * A sort on {@code _id} alone is answered in the data map's key order ({@link UnsizedH2Collection}): the same
 * documents, in the same order, with skip, limit, a filter and a projection, as a sort in memory would give — for
 * numeric and for string {@code _id}s (Vietnamese ones too), and for a collection whose {@code _id}s mix types (where
 * the key order is not Mongo's order and the server sorts in memory as before).
 */
class SortOnIdTest {

    static {
        QuietLogging.apply();
    }

    @TempDir
    static Path dataDir;
    static DurableMongoServer server;
    static MongoClient client;

    @BeforeAll
    static void start() {
        server = DurableMongoServer.start(dataDir, "127.0.0.1", 0);
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void numeric_ids_in_any_insertion_order() {
        List<Object> ids = new ArrayList<>();
        for (long i = 1; i <= 500; i++) {
            ids.add(i * 7 - 3_000); // negative and positive
        }
        check("numbers", ids, Comparator.comparingLong(id -> (Long) id));
    }

    @Test
    void string_ids_including_vietnamese() {
        List<Object> ids = new ArrayList<>();
        String[] names = {"Bắc Giang", "Yên Dũng", "Lạng Giang", "Hiệp Hòa", "Việt Yên", "Sơn Động", "Ỷ Lan", "An Châu"};
        for (int i = 0; i < 400; i++) {
            ids.add(names[i % names.length] + "~" + i);
        }
        check("strings", ids, Comparator.comparing(id -> (String) id));
    }

    @Test
    void ids_of_mixed_types_are_still_sorted_the_mongo_way() {
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add((long) i * 3);          // Long
            ids.add(i * 3 + 1);             // Integer: numbers sort together whatever their type
            ids.add("k" + (char) ('a' + i % 26) + i); // strings after every number
        }
        check("mixed", ids, Comparator.comparing((Object id) -> id instanceof Number ? 0 : 1)
            .thenComparing((a, b) -> a instanceof Number x
                ? Double.compare(x.doubleValue(), ((Number) b).doubleValue())
                : ((String) a).compareTo((String) b)));
    }

    private static void check(String name, List<Object> ids, Comparator<Object> mongoOrder) {
        MongoCollection<Document> c = client.getDatabase("sort").getCollection(name);
        List<Object> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(42));
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < shuffled.size(); i++) {
            docs.add(new Document("_id", shuffled.get(i)).append("even", i % 2 == 0).append("body", "x".repeat(i % 50)));
        }
        c.insertMany(docs);
        Function<Object, Boolean> even = id -> shuffled.indexOf(id) % 2 == 0;
        List<Object> ascending = new ArrayList<>(ids);
        ascending.sort(mongoOrder);
        List<Object> descending = new ArrayList<>(ascending);
        Collections.reverse(descending);
        List<Object> evenAscending = ascending.stream().filter(even::apply).toList();
        List<Object> evenDescending = new ArrayList<>(evenAscending);
        Collections.reverse(evenDescending);

        assertThat(ids(c, Filters.empty(), Sorts.ascending("_id"), 0, 0)).isEqualTo(ascending);
        assertThat(ids(c, Filters.empty(), Sorts.descending("_id"), 0, 0)).isEqualTo(descending);
        assertThat(ids(c, Filters.empty(), Sorts.descending("_id"), 0, 1)).containsExactly(descending.get(0));
        assertThat(ids(c, Filters.empty(), Sorts.ascending("_id"), 37, 25)).isEqualTo(ascending.subList(37, 62));
        assertThat(ids(c, Filters.eq("even", true), Sorts.ascending("_id"), 10, 20)).isEqualTo(evenAscending.subList(10, 30));
        assertThat(ids(c, Filters.eq("even", true), Sorts.descending("_id"), 0, 0))
            .isEqualTo(evenDescending);
        // a projection keeps the order and the fields asked for
        Document first = c.find().sort(Sorts.ascending("_id")).projection(Projections.include("even")).first();
        assertThat(first).isNotNull();
        assertThat(first.get("_id")).isEqualTo(ascending.get(0));
        assertThat(first.keySet()).containsExactly("_id", "even");
    }

    private static List<Object> ids(MongoCollection<Document> c, Bson filter, Bson sort, int skip, int limit) {
        List<Object> out = new ArrayList<>();
        c.find(filter).sort(sort).skip(skip).limit(limit).projection(Projections.include("_id"))
            .forEach(d -> out.add(d.get("_id")));
        return out;
    }
}
