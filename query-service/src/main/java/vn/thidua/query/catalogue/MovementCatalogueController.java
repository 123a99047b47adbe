package vn.thidua.query.catalogue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.query.access.Access;
import vn.thidua.query.paging.Page;

/** The movement catalogue: movements with their legal basis, status, key tasks and enrolled units. */
@RestController
@Validated
@RequestMapping("/api/v1/reports/movements")
@Tag(name = "Danh mục phong trào", description = "The movement catalogue")
class MovementCatalogueController {

    private final MovementCatalogue catalogue;

    MovementCatalogueController(MovementCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GetMapping
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(summary = "List movements, filtered by kind, status and a diacritics-insensitive search of the title",
            description = "A province's caller lists its province's movements and the Ministry's sector-wide ones (with its own "
                    + "enrolled units only); the Ministry's (provinceCode BTP) every movement.")
    Page<CatalogueEntry> list(@Valid @ParameterObject MovementCatalogueQuery query,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                              @RequestParam(defaultValue = "20") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return catalogue.list(query, page, size, Access.provinceScope());
    }

    @GetMapping("/{movementId}")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(summary = "One movement with its key tasks and enrolled units",
            description = "403 for a movement of another province than the caller's.")
    CatalogueEntry detail(@PathVariable @Size(max = 40) String movementId) {
        return catalogue.entry(movementId, Access.provinceScope());
    }
}
