package vn.thidua.projection.documents;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
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
 * <p>
 * With a <b>heads</b> collection, each merged document also has a small head there ({@code _id}, {@code rev} and the
 * fields named, e.g. {@code totals}), written after the document for every document touched — so a reader learns a
 * board's revision or its totals without the server loading the whole document (hundreds of kilobytes at national
 * scale) to project one field. A head never goes back: it is replaced only by a higher revision. It can lag its
 * document between the two writes, or after a crash between them until the document is merged again (the stream
 * then delivers the same events again, which touches it); a reader that finds no head reads the document itself.
 */
public final class MergedDocuments {

    public static final String ENTRIES = "entries";
    private static final String REVISION = FoldedDocuments.REVISION;
    private static final int ATTEMPTS = 8;

    private final MongoCollection<Document> documents;
    private final String what;
    private final MongoCollection<Document> heads;
    private final List<String> headFields;

    public MergedDocuments(MongoCollection<Document> documents, String what) {
        this(documents, what, null, List.of());
    }

    /**
     * @param heads      where each document's head goes
     * @param headFields the fields of the document (as {@code derive} leaves it) that its head repeats
     */
    public MergedDocuments(MongoCollection<Document> documents, String what, MongoCollection<Document> heads,
                           List<String> headFields) {
        this.documents = documents;
        this.what = what;
        this.heads = heads;
        this.headFields = List.copyOf(headFields);
        documents.createIndex(Indexes.ascending(REVISION), new IndexOptions().unique(true).name("revision_unique"));
    }

    /** The head of a document: its revision and the fields named, or null when it has none (yet). */
    public static Document head(MongoCollection<Document> heads, String id) {
        return heads.find(Filters.eq("_id", id)).first();
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
                Map<String, Document> touched = mergeOnce(updates, derive);
                writeHeads(touched);
                return touched;
            } catch (ConcurrentWrite e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The head of every touched document, unless its head is already at that revision or a later one: a replacement
     * of a head at a lower revision, else an insert that collides on {@code _id} with the head that is not lower
     * (that collision is the "already there" answer, not an error).
     */
    private void writeHeads(Map<String, Document> touched) {
        if (heads == null || touched.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        touched.forEach((id, doc) -> {
            long rev = doc.getLong("rev");
            Document head = new Document("_id", id).append("rev", rev);
            headFields.forEach(f -> head.append(f, doc.get(f)));
            writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", id), Filters.lt("rev", rev)), head,
                    new ReplaceOptions().upsert(true)));
        });
        try {
            heads.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(err -> err.getCode() == 11000)) {
                throw e;
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
