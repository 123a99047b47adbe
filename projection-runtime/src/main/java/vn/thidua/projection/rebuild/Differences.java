package vn.thidua.projection.rebuild;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import vn.thidua.projection.documents.MergedDocuments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares one collection of a projection in two generations, document by document, in batches of point reads (memory
 * stays bounded whatever the size). Left out of the comparison: the optimistic-lock bookkeeping ({@code rev},
 * {@code revision}, and the {@code version} of a gathered entry, which for a gathered document is its {@code rev}),
 * which counts writes, not content — a board written in 3 batches live and in 1 by a rebuild holds the same data under
 * different revisions.
 */
final class Differences {

    static final Set<String> BOOKKEEPING = Set.of("rev", "revision");
    private static final int BATCH = 500;

    /** One document that is not the same in both. */
    record Difference(String collection, Object id, String kind, List<String> fields) {
        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("collection", collection);
            d.put("id", String.valueOf(id));
            d.put("kind", kind);
            d.put("fields", fields);
            return d;
        }
    }

    private Differences() {
    }

    /** Every document that differs between {@code live} and {@code shadow}. */
    static List<Difference> between(String logical, MongoCollection<Document> live, MongoCollection<Document> shadow) {
        List<Difference> found = new ArrayList<>();
        List<Document> batch = new ArrayList<>(BATCH);
        for (Document s : shadow.find().batchSize(BATCH)) {
            batch.add(s);
            if (batch.size() == BATCH) {
                compareBatch(logical, live, batch, found);
                batch.clear();
            }
        }
        compareBatch(logical, live, batch, found);
        List<Object> ids = new ArrayList<>(BATCH);
        for (Document l : live.find().projection(Projections.include("_id")).batchSize(BATCH)) {
            ids.add(l.get("_id"));
            if (ids.size() == BATCH) {
                missingInShadow(logical, shadow, ids, found);
                ids.clear();
            }
        }
        missingInShadow(logical, shadow, ids, found);
        return found;
    }

    /** The documents of the given ids compared again (after both sides moved on). */
    static List<Difference> recheck(String logical, MongoCollection<Document> live, MongoCollection<Document> shadow,
                                    Collection<Object> ids) {
        List<Difference> found = new ArrayList<>();
        List<Object> all = new ArrayList<>(ids);
        for (int i = 0; i < all.size(); i += BATCH) {
            List<Object> slice = all.subList(i, Math.min(all.size(), i + BATCH));
            Map<Object, Document> s = byId(shadow, slice);
            Map<Object, Document> l = byId(live, slice);
            for (Object id : slice) {
                compare(logical, id, l.get(id), s.get(id)).ifPresent(found::add);
            }
        }
        return found;
    }

    private static void compareBatch(String logical, MongoCollection<Document> live, List<Document> shadowDocs,
                                     List<Difference> found) {
        if (shadowDocs.isEmpty()) {
            return;
        }
        Map<Object, Document> l = byId(live, shadowDocs.stream().map(d -> d.get("_id")).toList());
        for (Document s : shadowDocs) {
            compare(logical, s.get("_id"), l.get(s.get("_id")), s).ifPresent(found::add);
        }
    }

    private static void missingInShadow(String logical, MongoCollection<Document> shadow, List<Object> liveIds,
                                        List<Difference> found) {
        if (liveIds.isEmpty()) {
            return;
        }
        Set<Object> present = new LinkedHashSet<>();
        shadow.find(Filters.in("_id", liveIds)).projection(Projections.include("_id")).forEach(d -> present.add(d.get("_id")));
        liveIds.stream().filter(id -> !present.contains(id))
                .forEach(id -> found.add(new Difference(logical, id, "MISSING_IN_REBUILD", List.of())));
    }

    private static java.util.Optional<Difference> compare(String logical, Object id, Document live, Document shadow) {
        if (live == null && shadow == null) {
            return java.util.Optional.empty();
        }
        if (live == null) {
            return java.util.Optional.of(new Difference(logical, id, "MISSING_IN_LIVE", List.of()));
        }
        if (shadow == null) {
            return java.util.Optional.of(new Difference(logical, id, "MISSING_IN_REBUILD", List.of()));
        }
        Set<String> keys = new TreeSet<>(live.keySet());
        keys.addAll(shadow.keySet());
        keys.removeAll(BOOKKEEPING);
        List<String> differing = keys.stream().filter(k -> !Objects.equals(content(k, live.get(k)), content(k, shadow.get(k))))
                .toList();
        return differing.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new Difference(logical, id, "DIFFERENT", differing));
    }

    /** A field's value without bookkeeping: gathered entries without their {@code version}. */
    private static Object content(String field, Object value) {
        if (!MergedDocuments.ENTRIES.equals(field) || !(value instanceof Document entries)) {
            return value;
        }
        Document out = new Document();
        entries.forEach((key, entry) -> {
            if (entry instanceof Document d) {
                Document copy = new Document(d);
                copy.remove("version");
                out.put(key, copy);
            } else {
                out.put(key, entry);
            }
        });
        return out;
    }

    private static Map<Object, Document> byId(MongoCollection<Document> collection, List<Object> ids) {
        Map<Object, Document> found = new HashMap<>();
        if (!ids.isEmpty()) {
            collection.find(Filters.in("_id", ids)).forEach(d -> found.put(d.get("_id"), d));
        }
        return found;
    }
}
