package vn.thidua.query.catalogue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.projection.DomainEvent;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The movement catalogue projection against the real MongoDB-wire server: what a history folds into, that
 * an event seen again changes nothing, that two instances applying the same events at once lose nothing,
 * and that a gap in a stream stops the projection instead of being stepped over.
 * <p>
 * The expected documents are written out here from the test data ({@link Generated#expectedAfter}), not
 * computed with the projection's own fold.
 */
class MovementCatalogueProjectionTest {

    static MongoClient client;
    static MongoClient otherClient;

    MongoDatabase database;
    MongoCollection<Document> catalogue;
    MovementCatalogueProjection projection;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(Infrastructure.mongoUri());
        otherClient = MongoClients.create(Infrastructure.mongoUri());
    }

    @AfterAll
    static void disconnect() {
        client.close();
        otherClient.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = client.getDatabase(Infrastructure.uniqueName("catalogue"));
        catalogue = database.getCollection(MovementCatalogueProjection.COLLECTION);
        projection = new MovementCatalogueProjection(database);
    }

    // ---- test data ----

    /**
     * A generated history and what the catalogue must show after its first events: seq 0 registers, seq 1–8
     * define the key tasks in {@link MovementHistory#KEY_TASK_ORDER}, then one enrolment per unit, then the
     * closure if any.
     */
    record Generated(String id, String title, String titleFolded, MovementKind kind, int units, boolean closed,
                     List<DomainEvent> events) {

        static Generated of(String id, String title, String titleFolded, MovementKind kind, int units, boolean closed) {
            return new Generated(id, title, titleFolded, kind, units, closed,
                    MovementHistory.generated(id, title, kind, units, closed));
        }

        Document expected() {
            return expectedAfter(events.size());
        }

        List<DomainEvent> first(int count) {
            return events.subList(0, count);
        }

        Document expectedAfter(int applied) {
            List<Integer> taskNumbers = MovementHistory.KEY_TASK_ORDER.subList(0, Math.min(8, applied - 1))
                    .stream().sorted().toList();
            int enrolled = Math.max(0, Math.min(units, applied - 9));
            boolean isClosed = closed && applied == events.size();
            DomainEvent last = events.get(applied - 1);
            Document d = new Document("_id", id)
                    .append("code", id)
                    .append("title", title)
                    .append("titleFolded", titleFolded)
                    .append("kind", kind.name())
                    .append("provinceCode", "24")
                    .append("periodStart", "2018-01-01")
                    .append("periodEnd", "2018-12-31")
                    .append("launchingPlan", new Document("number", "02/KH-STP").append("kind", "KH")
                            .append("issuer", "Sở Tư pháp tỉnh Bắc Giang").append("issuedOn", "2018-01-09")
                            .append("title", "Kế hoạch phát động phong trào thi đua năm 2018"))
                    .append("legalBasis", List.of(new Document("number", "1198/QĐ-BTP").append("kind", "QD")
                            .append("issuer", "Bộ Tư pháp").append("issuedOn", "2017-12-22")
                            .append("title", "Quyết định ban hành Kế hoạch thi đua của ngành Tư pháp năm 2018")))
                    .append("status", isClosed ? "CLOSED" : "OPEN")
                    .append("keyTasks", taskNumbers.stream().map(no -> new Document("taskNo", no)
                            .append("title", "Nhiệm vụ trọng tâm số " + no)
                            .append("indicators", List.of(
                                    new Document("code", "TT1").append("name", "Tỷ lệ hoàn thành")
                                            .append("unitOfMeasure", "%")
                                            .append("target", new Decimal128(new BigDecimal(no + ".5"))),
                                    new Document("code", "TT2").append("name", "Số cuộc tuyên truyền")
                                            .append("unitOfMeasure", "cuộc")
                                            .append("target", new Decimal128(BigDecimal.valueOf(10L * no))))))
                            .toList())
                    .append("enrolledUnits", IntStream.rangeClosed(1, enrolled).mapToObj(u ->
                            new Document("unitId", "PTP-%03d".formatted(u))
                                    .append("enrolledOn", "2018-02-%02d".formatted(1 + u))
                                    .append("pledgedTitle", "Tập thể lao động xuất sắc")
                                    .append("pledges", "Cam kết " + u)).toList())
                    .append("registeredAt", Date.from(MovementHistory.REGISTERED_AT))
                    .append("registeredBy", MovementHistory.SUBJECT);
            if (isClosed) {
                d.append("closedOn", "2018-12-28").append("closingSummary", "Tổng kết phong trào");
            }
            return d.append("version", (long) applied - 1)
                    .append("revision", d.getString("_id") + "#" + (applied - 1))
                    .append("lastPosition", last.position())
                    .append("updatedAt", Date.from(last.timestamp()));
        }
    }

    static Generated xuongGiang() {
        return Generated.of("PT-XG-2018", "Xây dựng phường Xương Giang đạt chuẩn tiếp cận pháp luật",
                "xay dung phuong xuong giang dat chuan tiep can phap luat", MovementKind.THEMATIC, 25, true);
    }

    static Generated numbered(int n) {
        return Generated.of("PT-%02d".formatted(n), "Đợt thi đua số " + n, "dot thi dua so " + n,
                MovementKind.PERIODIC, 10, n % 2 == 0);
    }

    Document stored(String id) {
        return catalogue.find(Filters.eq("_id", id)).first();
    }

    static <T> List<List<T>> batches(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    static List<DomainEvent> interleaved(List<Generated> movements) {
        List<DomainEvent> out = new ArrayList<>();
        int longest = movements.stream().mapToInt(m -> m.events().size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (Generated m : movements) {
                if (i < m.events().size()) {
                    out.add(m.events().get(i));
                }
            }
        }
        return out;
    }

    // ---- folding ----

    @Test
    void a_generated_history_folds_into_the_expected_document() {
        Generated movement = xuongGiang();
        assertThat(movement.events()).hasSize(1 + 8 + 25 + 1);

        projection.apply(movement.events());

        assertThat(stored(movement.id())).isEqualTo(movement.expected());
        assertThat(catalogue.countDocuments()).isEqualTo(1);
    }

    @Test
    void an_open_movement_without_enrolments_shows_its_key_tasks_and_no_units() {
        Generated movement = Generated.of("PT-NTM", "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới",
                "nganh tu phap chung suc gop phan xay dung nong thon moi", MovementKind.MULTI_YEAR, 0, false);

        projection.apply(movement.events());

        Document stored = stored(movement.id());
        assertThat(stored).isEqualTo(movement.expected());
        assertThat(stored.getString("status")).isEqualTo("OPEN");
        assertThat(stored.getList("enrolledUnits", Document.class)).isEmpty();
        assertThat(stored).doesNotContainKey("closedOn");
    }

    @Test
    void the_histories_of_several_movements_interleaved_in_batches_fold_each_into_its_own_document() {
        List<Generated> movements = IntStream.rangeClosed(1, 5).mapToObj(MovementCatalogueProjectionTest::numbered).toList();

        batches(interleaved(movements), 7).forEach(projection::apply);

        movements.forEach(m -> assertThat(stored(m.id())).as(m.id()).isEqualTo(m.expected()));
        assertThat(catalogue.countDocuments()).isEqualTo(5);
    }

    @Test
    void a_batch_out_of_order_is_applied_in_sequence_order() {
        Generated movement = xuongGiang();
        List<DomainEvent> reversed = new ArrayList<>(movement.events());
        Collections.reverse(reversed);

        projection.apply(reversed);

        assertThat(stored(movement.id())).isEqualTo(movement.expected());
    }

    // ---- idempotence ----

    @Test
    void applying_the_same_batch_twice_changes_nothing() {
        Generated movement = xuongGiang();
        projection.apply(movement.events());
        Document once = stored(movement.id());

        projection.apply(movement.events());

        assertThat(stored(movement.id())).isEqualTo(once).isEqualTo(movement.expected());
        assertThat(catalogue.countDocuments()).isEqualTo(1);
    }

    @Test
    void every_event_delivered_twice_in_one_batch_is_applied_once() {
        Generated movement = xuongGiang();
        List<DomainEvent> doubled = movement.events().stream().flatMap(e -> Stream.of(e, e)).toList();

        projection.apply(doubled);

        assertThat(stored(movement.id())).isEqualTo(movement.expected());
    }

    @Test
    void every_event_delivered_twice_one_batch_at_a_time_is_applied_once() {
        Generated movement = xuongGiang();

        for (DomainEvent e : movement.events()) {
            projection.apply(List.of(e));
            projection.apply(List.of(e));
        }

        assertThat(stored(movement.id())).isEqualTo(movement.expected());
        assertThat(catalogue.countDocuments()).isEqualTo(1);
    }

    @Test
    void overlapping_batches_give_the_same_document() {
        Generated movement = xuongGiang();
        List<DomainEvent> events = movement.events();

        projection.apply(events.subList(0, 11));   // events 0..10
        projection.apply(events.subList(5, 21));   // events 5..20
        assertThat(stored(movement.id())).isEqualTo(movement.expectedAfter(21));
        projection.apply(events.subList(15, events.size()));

        assertThat(stored(movement.id())).isEqualTo(movement.expected());
    }

    // ---- two instances at once (a rebalance hands a partition over while the old owner still writes) ----

    @Test
    void two_instances_applying_the_same_events_at_once_give_the_correct_documents() throws Exception {
        List<Generated> movements = IntStream.rangeClosed(1, 6).mapToObj(MovementCatalogueProjectionTest::numbered).toList();
        List<DomainEvent> stream = interleaved(movements);
        MovementCatalogueProjection other = new MovementCatalogueProjection(otherClient.getDatabase(database.getName()));
        CountDownLatch start = new CountDownLatch(1);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            await(start);
            batches(stream, 3).forEach(projection::apply);
        });
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            await(start);
            batches(stream, 5).forEach(other::apply);
        });
        start.countDown();
        CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);

        movements.forEach(m -> assertThat(stored(m.id())).as(m.id()).isEqualTo(m.expected()));
        assertThat(catalogue.countDocuments()).isEqualTo(6);
    }

    @Test
    void a_write_folded_from_a_document_another_instance_moved_on_meanwhile_does_not_undo_its_events() {
        Generated movement = xuongGiang();
        projection.apply(movement.first(4));                              // version 3
        MovementCatalogueProjection newOwner = new MovementCatalogueProjection(otherClient.getDatabase(database.getName()));
        MovementCatalogueProjection oldOwner = new MovementCatalogueProjection(
                interceptingWrites(database, () -> newOwner.apply(movement.events().subList(4, 13))));

        oldOwner.apply(movement.events().subList(4, 10));                // read at version 3, write after 12 is in

        assertThat(stored(movement.id())).isEqualTo(movement.expectedAfter(13));
    }

    @Test
    void a_write_folded_from_a_document_another_instance_moved_on_meanwhile_adds_what_it_has_beyond() {
        Generated movement = xuongGiang();
        projection.apply(movement.first(4));                              // version 3
        MovementCatalogueProjection newOwner = new MovementCatalogueProjection(otherClient.getDatabase(database.getName()));
        MovementCatalogueProjection oldOwner = new MovementCatalogueProjection(
                interceptingWrites(database, () -> newOwner.apply(movement.events().subList(4, 7))));

        oldOwner.apply(movement.events().subList(4, 10));                // read at version 3, other wrote up to 6

        assertThat(stored(movement.id())).isEqualTo(movement.expectedAfter(10));
    }

    @Test
    void two_instances_registering_the_same_movement_at_once_keep_one_document() {
        Generated movement = xuongGiang();
        MovementCatalogueProjection other = new MovementCatalogueProjection(otherClient.getDatabase(database.getName()));
        MovementCatalogueProjection racing = new MovementCatalogueProjection(
                interceptingWrites(database, () -> other.apply(movement.first(3))));

        racing.apply(movement.first(5));                                  // its insert meets the other's

        assertThat(stored(movement.id())).isEqualTo(movement.expectedAfter(5));
        assertThat(catalogue.countDocuments()).isEqualTo(1);
    }

    // ---- gaps ----

    @Test
    void an_event_whose_predecessor_is_missing_makes_apply_throw_and_changes_nothing() {
        Generated movement = xuongGiang();
        projection.apply(movement.first(3));                              // version 2

        assertThatThrownBy(() -> projection.apply(List.of(movement.events().get(4))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(movement.id()).hasMessageContaining("missing");

        assertThat(stored(movement.id())).isEqualTo(movement.expectedAfter(3));
    }

    @Test
    void a_gap_inside_a_batch_writes_none_of_the_batch() {
        Generated movement = xuongGiang();
        projection.apply(movement.first(3));                              // version 2

        assertThatThrownBy(() -> projection.apply(List.of(movement.events().get(3), movement.events().get(5))))
                .isInstanceOf(IllegalStateException.class);

        assertThat(stored(movement.id())).isEqualTo(movement.expectedAfter(3));
    }

    @Test
    void a_stream_that_does_not_start_with_the_registration_makes_apply_throw() {
        Generated movement = xuongGiang();

        assertThatThrownBy(() -> projection.apply(movement.events().subList(1, 4)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(catalogue.countDocuments()).isZero();
    }

    // ---- plumbing ----

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The database as one instance sees it, where {@code meanwhile} runs once just before its first bulk write:
     * exactly between its read of the documents and its conditional write.
     */
    @SuppressWarnings("unchecked")
    static MongoDatabase interceptingWrites(MongoDatabase database, Runnable meanwhile) {
        AtomicBoolean done = new AtomicBoolean();
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[]{MongoDatabase.class}, (proxy, method, args) -> {
                    Object result = invoke(database, method, args);
                    if (!method.getName().equals("getCollection")) {
                        return result;
                    }
                    MongoCollection<Document> collection = (MongoCollection<Document>) result;
                    return Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                            new Class<?>[]{MongoCollection.class}, (p, m, a) -> {
                                if (m.getName().equals("bulkWrite") && done.compareAndSet(false, true)) {
                                    meanwhile.run();
                                }
                                return invoke(collection, m, a);
                            });
                });
    }

    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
