package vn.thidua.query.catalogue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.bson.Document;
import vn.thidua.query.stream.Generations;
import org.bson.conversions.Bson;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.query.web.Access;
import vn.thidua.query.web.Documents;
import vn.thidua.query.web.Folding;
import vn.thidua.query.web.Page;
import vn.thidua.query.web.ProblemDetailsAdvice.NotFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The movement catalogue: movements with their legal basis, status, key tasks and enrolled units. */
@RestController
@Validated
@RequestMapping("/api/v1/reports/movements")
@Tag(name = "Danh mục phong trào", description = "The movement catalogue")
class MovementCatalogueController {

    private final Generations generations;

    MovementCatalogueController(Generations generations) {
        this.generations = generations;
    }

    @GetMapping
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(summary = "List movements, filtered by kind, status and a diacritics-insensitive search of the title")
    Page<Map<String, Object>> list(
            @RequestParam(required = false) @Pattern(regexp = "ANNUAL|MULTI_YEAR|THEMATIC|PERIODIC") String kind,
            @RequestParam(required = false) @Pattern(regexp = "OPEN|CLOSED") String status,
            @RequestParam(required = false) @Size(max = 200) String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        List<Bson> filters = new ArrayList<>();
        if (kind != null) {
            filters.add(Filters.eq("kind", kind));
        }
        if (status != null) {
            filters.add(Filters.eq("status", status));
        }
        if (q != null && !q.isBlank()) {
            filters.add(Filters.regex("titleFolded", java.util.regex.Pattern.quote(Folding.fold(q))));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        MongoCollection<Document> movements = generations.live().collection(MovementCatalogueProjection.COLLECTION);
        long total = movements.countDocuments(filter);
        List<Map<String, Object>> items = new ArrayList<>();
        movements.find(filter).sort(Sorts.ascending("_id")).skip(page * size).limit(size)
                .forEach(d -> items.add(Documents.plain(d, "_id", "titleFolded", MovementCatalogueProjection.REVISION)));
        return Page.of(items, page, size, total);
    }

    @GetMapping("/{movementId}")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(summary = "One movement with its key tasks and enrolled units")
    Map<String, Object> detail(@PathVariable @Size(max = 40) String movementId) {
        Document d = generations.live().collection(MovementCatalogueProjection.COLLECTION).find(Filters.eq("_id", movementId)).first();
        if (d == null) {
            throw new NotFound("No movement %s in the catalogue".formatted(movementId));
        }
        return Documents.plain(d, "_id", "titleFolded", MovementCatalogueProjection.REVISION);
    }
}
