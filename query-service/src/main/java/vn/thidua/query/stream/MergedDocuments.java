package vn.thidua.query.stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Documents that gather versioned entries from other documents — e.g. the key-task board of one period gathers the
 * task results of every unit — so a report reads one document instead of thousands.
 * <p>
 * An entry replaces the one under its key only when its {@code version} is higher: merging the same entry twice, or
 * an older one after a newer one, changes nothing. Each document has its own revision ({@code rev}, and the unique
 * {@code revision} key {@code id#rev}); a write is conditional on the revision read, so two instances merging into the
 * same document at once both get in (the second reads again and merges again). {@code derive} recomputes what the
 * document says about all its entries (e.g. totals) before it is written.
 */
public final class MergedDocuments {

    public static final String ENTRIES = "entries";
    private static final String REVISION = FoldedDocuments.REVISION;
    private static final int ATTEMPTS = 8;

    private final MongoCollection<Document> documents;
    private final String what;

    public MergedDocuments(MongoCollection<Document> documents, String what) {
        this.documents = documents;
        this.what = what;
        documents.createIndex(Indexes.ascending(REVISION), new IndexOptions().unique(true).name("revision_unique"));
    }

    /**
     * @param updates per document id, the entries to merge by key; each entry has a numeric {@code version}
     * @param derive  called with the id and the merged document (entries in place) before a write
     * @return every touched document as it now stands (changed by this call or already up to date), so the next
     *         level merges it even when a crash came between this write and its own
     */
    public Map<String, Document> merge(Map<String, Map<String, Document>> updates, BiConsumer<String, Document> derive) {
        if (updates.isEmpty()) {
            return Map.of();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return mergeOnce(updates, derive);
            } catch (FoldedDocuments.ConcurrentWrite e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Map<String, Document> mergeOnce(Map<String, Map<String, Document>> updates, BiConsumer<String, Document> derive) {
        Map<String, Document> current = new HashMap<>();
        documents.find(Filters.in("_id", updates.keySet())).forEach(d -> current.put(d.getString("_id"), d));
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<String, Document> touched = new LinkedHashMap<>();
        updates.forEach((id, incoming) -> {
            Document before = current.get(id);
            Document entries = before == null ? new Document() : new Document(before.get(ENTRIES, Document.class));
            boolean any = false;
            for (Map.Entry<String, Document> e : incoming.entrySet()) {
                Document old = entries.get(e.getKey(), Document.class);
                if (old == null || version(e.getValue()) > version(old)) {
                    entries.put(e.getKey(), e.getValue());
                    any = true;
                }
            }
            if (!any) {
                if (before != null) {
                    touched.put(id, before);
                }
                return;
            }
            long rev = before == null ? 1 : before.getLong("rev") + 1;
            Document after = new Document("_id", id).append("rev", rev).append(REVISION, id + "#" + rev).append(ENTRIES, entries);
            derive.accept(id, after);
            touched.put(id, after);
            writes.add(before == null ? new InsertOneModel<>(after)
                    : new ReplaceOneModel<>(Filters.eq(REVISION, before.getString(REVISION)), after));
        });
        if (writes.isEmpty()) {
            return touched;
        }
        ConditionalWrites.write(documents, writes, what);
        return touched;
    }

    private static long version(Document entry) {
        return ((Number) entry.get("version")).longValue();
    }
}
