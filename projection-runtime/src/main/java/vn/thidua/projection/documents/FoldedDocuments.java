package vn.thidua.projection.documents;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import vn.thidua.projection.DomainEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One document per aggregate, folded from its events, in one collection: the write path shared by the projections
 * whose documents follow one stream each.
 * <p>
 * Each document carries {@code version}, the sequence of the last event folded into it. A batch is folded in
 * memory (one read of the touched documents by {@code _id $in} — none when the batch only starts streams —, one bulk
 * write); an event at or below the version
 * is skipped (applied twice = applied once), a missing sequence stops the batch (events are never skipped), and
 * each write is conditional on the version it was folded from through the unique {@code revision} key
 * ({@code id#version}) — a filter on one unique field, which even the embedded MongoDB-wire server answers from an
 * index. If another instance wrote a document in between, the batch is folded again.
 */
public final class FoldedDocuments {

    /** Internal: the optimistic-lock key of a document; not part of any API. */
    public static final String REVISION = "revision";
    private static final int ATTEMPTS = 5;

    private final MongoCollection<Document> documents;
    private final String what;

    public FoldedDocuments(MongoCollection<Document> documents, String what) {
        this.documents = documents;
        this.what = what;
        documents.createIndex(Indexes.ascending(REVISION), new IndexOptions().unique(true).name("revision_unique"));
    }

    static String revision(String id, long version) {
        return id + "#" + version;
    }

    /**
     * Folds each aggregate's events into its document and stores the documents that changed.
     *
     * @param byAggregate the events of the batch per aggregate id (= document id), in any order
     * @param fold        the document after one more event; receives {@code null} before the first event
     * @return every touched document as it now stands (written by this call or found up to date), by id: what
     *         follow-up views merge, so a batch redelivered after a crash between the two writes still reaches them
     */
    public Map<String, Document> apply(Map<String, List<DomainEvent>> byAggregate,
                                       BiFunction<Document, DomainEvent, Document> fold) {
        if (byAggregate.isEmpty()) {
            return Map.of();
        }
        // a batch that only starts streams (every aggregate's first event is sequence 0) has no documents to read:
        // it inserts them, and only a collision (a redelivered batch, another instance) reads and folds again
        boolean read = !onlyNewStreams(byAggregate);
        for (int attempt = 1; ; attempt++) {
            try {
                return writeFolded(byAggregate, fold, read);
            } catch (ConcurrentWrite e) {
                read = true;
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static boolean onlyNewStreams(Map<String, List<DomainEvent>> byAggregate) {
        return byAggregate.values().stream().allMatch(stream -> stream.stream().anyMatch(e -> e.sequence() == 0));
    }

    private Map<String, Document> writeFolded(Map<String, List<DomainEvent>> byAggregate,
                                              BiFunction<Document, DomainEvent, Document> fold, boolean read) {
        Map<String, Document> current = new HashMap<>();
        if (read) {
            documents.find(Filters.in("_id", byAggregate.keySet())).forEach(d -> current.put(d.getString("_id"), d));
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<String, Document> touched = new LinkedHashMap<>();
        byAggregate.forEach((id, stream) -> {
            Document before = current.get(id);
            Document after = before == null ? null : new Document(before);
            long version = before == null ? -1 : before.getLong("version");
            for (DomainEvent e : stream.stream().sorted(Comparator.comparingLong(DomainEvent::sequence)).toList()) {
                if (e.sequence() <= version) {
                    continue;
                }
                if (e.sequence() != version + 1) {
                    throw new IllegalStateException("%s %s: event %d arrived after %d; events are missing"
                            .formatted(what, id, e.sequence(), version));
                }
                after = fold.apply(after, e);
                after.put("_id", id);
                after.put("version", e.sequence());
                after.put(REVISION, revision(id, e.sequence()));
                after.put("lastPosition", e.position());
                version = e.sequence();
            }
            if (after == null) {
                return;
            }
            touched.put(id, after);
            if (before != null && version == before.getLong("version")) {
                return;
            }
            writes.add(before == null ? new InsertOneModel<>(after)
                    : new ReplaceOneModel<>(Filters.eq(REVISION, revision(id, before.getLong("version"))), after));
        });
        if (writes.isEmpty()) {
            return touched;
        }
        ConditionalWrites.write(documents, writes, what);
        return touched;
    }
}
