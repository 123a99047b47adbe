package vn.thidua.eventlog.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;
import vn.thidua.eventlog.integrity.EventHash;
import vn.thidua.eventlog.integrity.LogVerifier;
import vn.thidua.eventlog.integrity.MalformedText;
import vn.thidua.testing.Infrastructure;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commit log never stores an event whose hashed bytes differ from its stored bytes: odd text of every kind
 * (raw control characters included: the store is below the request checks) is appended, read back from MongoDB and
 * hashed again to the stored hash; text without a UTF-8 encoding is refused before anything is written.
 */
class CommitLogTextTest {

    static final List<String> WELL_FORMED = List.of("a", " ", "\t", "\n", "\r", "\r\n", "\u0000", "\u0001", "\u001b",
            "\u007f", "\u0085", "Tư pháp", "Tu\u031B pha\u0301p", "e\u0301", "\u0301", "😀", "👩‍👩‍👧", "🇻🇳", "\uFFFD",
            "\uFEFF", "\uFFFF", "\uDBFF\uDFFF", "漢字", "\"", "\\", "$gt", ".");
    static final List<String> MALFORMED = List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800");

    MongoClient client;
    MongoDatabase db;
    MongoCommitLog log;

    @BeforeEach
    void store() {
        client = MongoClients.create(Infrastructure.mongoUri());
        db = client.getDatabase("text_" + UUID.randomUUID().toString().substring(0, 8));
        log = new MongoCommitLog(db);
    }

    @AfterEach
    void close() {
        client.close();
    }

    static String oddText(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            s.append(WELL_FORMED.get(random.nextInt(WELL_FORMED.size())));
        }
        return s.toString();
    }

    static Commit commit(String aggregateId, long sequence, String text) {
        return new Commit(0, UUID.randomUUID().toString(), "Movement", aggregateId, List.of(new StoredEvent(
                UUID.randomUUID().toString(), sequence, "vn.thidua.events.X", "1", "2018-01-01T00:00:00Z", text,
                "{\"subject\":\"" + text + "\"}")));
    }

    @Test
    void odd_text_is_stored_exactly_as_it_was_hashed() {
        Random random = new Random(14);
        for (int i = 0; i < 300; i++) {
            String aggregate = "TD-" + (i % 7);
            String text = oddText(random);
            long sequence = i / 7;
            long position = log.append(commit(aggregate, sequence, text));

            Document stored = db.getCollection(MongoCommitLog.COLLECTION).find(Filters.eq("_id", position)).first();
            Document e = stored.getList("events", Document.class).get(0);
            assertThat(e.getString("payload")).as("the text comes back as it was sent").isEqualTo(text);
            assertThat(EventHash.of(stored.getString("aggregateType"), stored.getString("aggregateId"), e.getLong("seq"),
                    e.getString("eventId"), e.getString("type"), e.getString("revision"), e.getString("timestamp"),
                    e.getString("payload"), e.getString("metadata"), e.getString("prevHash")))
                    .as("the hash of the stored bytes, case %d: %s", i, text.chars().boxed().toList())
                    .isEqualTo(e.getString("hash"));
        }
        LogVerifier.Result verified = new LogAudit(log).verify();
        assertThat(verified.broken()).isEmpty();
        assertThat(verified.eventsChecked()).isEqualTo(300);
    }

    @Test
    void text_without_a_utf8_encoding_is_refused_and_nothing_is_stored() {
        Random random = new Random(15);
        for (int i = 0; i < 100; i++) {
            String text = oddText(random) + MALFORMED.get(random.nextInt(MALFORMED.size())) + oddText(random);
            assertThatThrownBy(() -> log.append(commit("TD-BAD-" + UUID.randomUUID(), 0, text)))
                    .as("%s", text.chars().boxed().toList())
                    .isInstanceOf(MalformedText.class);
        }
        assertThat(db.getCollection(MongoCommitLog.COLLECTION).countDocuments()).isZero();
        assertThat(new LogAudit(log).verify().verified()).isTrue();
    }
}
