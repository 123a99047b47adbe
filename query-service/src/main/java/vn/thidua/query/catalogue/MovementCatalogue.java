package vn.thidua.query.catalogue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.query.access.Access;
import vn.thidua.query.structure.Structures;
import vn.thidua.security.Principal;
import vn.thidua.projection.generation.Generations;
import vn.thidua.query.paging.Page;
import vn.thidua.query.text.Folding;

import java.util.ArrayList;
import java.util.List;

/** The movement catalogue as the live read models hold it: pages of movements in code order, and one movement. */
@Component
public class MovementCatalogue {

    private final Generations generations;
    private final Structures structures;

    public MovementCatalogue(Generations generations, Structures structures) {
        this.generations = generations;
        this.structures = structures;
    }

    /**
     * @param scope the caller's province: its own movements and the Ministry's are listed; {@code null} (the
     *              Ministry): every movement
     */
    public Page<CatalogueEntry> list(MovementCatalogueQuery query, int page, int size, String scope) {
        List<Bson> filters = new ArrayList<>();
        if (scope != null) {
            List<Bson> visible = new ArrayList<>(List.of(Filters.in("provinceCode", scope, Principal.MINISTRY)));
            if (scope.equals(MovementRegistered.PROVINCE_BEFORE_TENANCY)) {
                visible.add(Filters.exists("provinceCode", false)); // written before provinces were tenants
            }
            filters.add(Filters.or(visible));
        }
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
                .forEach(d -> items.add(scoped(CatalogueDocuments.entry(d), scope)));
        return Page.of(items, page, size, total);
    }

    /**
     * @throws MovementNotFound      no movement of that id
     * @throws AccessDeniedException a movement of another province than the caller's ({@code scope})
     */
    public CatalogueEntry entry(String movementId, String scope) {
        Document d = movements().find(Filters.eq("_id", movementId)).first();
        if (d == null) {
            throw new MovementNotFound(movementId);
        }
        CatalogueEntry entry = CatalogueDocuments.entry(d);
        Access.movementIsVisible(scope, movementId, entry.provinceCode());
        return scoped(entry, scope);
    }

    /** A province's caller sees its own units among those enrolled in a sector-wide movement, not other provinces'. */
    private CatalogueEntry scoped(CatalogueEntry entry, String scope) {
        if (scope == null || scope.equals(entry.provinceCode())) {
            return entry;
        }
        var provinceOf = structures.unitProvinces();
        return entry.withEnrolledUnits(entry.enrolledUnits().stream()
                .filter(u -> scope.equals(provinceOf.apply(u.unitId()))).toList());
    }

    private MongoCollection<Document> movements() {
        return generations.live().collection(MovementCatalogueProjection.COLLECTION);
    }
}
