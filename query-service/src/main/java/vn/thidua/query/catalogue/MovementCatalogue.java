package vn.thidua.query.catalogue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;
import vn.thidua.projection.generation.Generations;
import vn.thidua.query.paging.Page;
import vn.thidua.query.text.Folding;

import java.util.ArrayList;
import java.util.List;

/** The movement catalogue as the live read models hold it: pages of movements in code order, and one movement. */
@Component
public class MovementCatalogue {

    private final Generations generations;

    public MovementCatalogue(Generations generations) {
        this.generations = generations;
    }

    public Page<CatalogueEntry> list(MovementCatalogueQuery query, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (query.kind() != null) {
            filters.add(Filters.eq("kind", query.kind()));
        }
        if (query.status() != null) {
            filters.add(Filters.eq("status", query.status()));
        }
        if (query.q() != null && !query.q().isBlank()) {
            filters.add(Filters.regex("titleFolded", java.util.regex.Pattern.quote(Folding.fold(query.q()))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        MongoCollection<Document> movements = movements();
        long total = movements.countDocuments(filter);
        List<CatalogueEntry> items = new ArrayList<>();
        movements.find(filter).sort(Sorts.ascending("_id")).skip(page * size).limit(size)
                .forEach(d -> items.add(CatalogueDocuments.entry(d)));
        return Page.of(items, page, size, total);
    }

    /** @throws MovementNotFound no movement of that id */
    public CatalogueEntry entry(String movementId) {
        Document d = movements().find(Filters.eq("_id", movementId)).first();
        if (d == null) {
            throw new MovementNotFound(movementId);
        }
        return CatalogueDocuments.entry(d);
    }

    private MongoCollection<Document> movements() {
        return generations.live().collection(MovementCatalogueProjection.COLLECTION);
    }
}
