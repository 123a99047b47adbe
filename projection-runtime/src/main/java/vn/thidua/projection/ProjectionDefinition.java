package vn.thidua.projection;

import java.util.List;
import java.util.function.Function;

/**
 * A projection as the runtime knows it: its name, the logical collections it owns (all of them are rebuilt, switched
 * and compared together) and how to make an instance writing into a given space. Each projection class declares its
 * own, next to what it reads and how it folds (e.g. {@code MovementCatalogueProjection.DEFINITION}).
 *
 * @param name        the projection's name (also the key of its watermark and of what it parks)
 * @param collections the logical names of the collections it writes
 * @param create      an instance writing into the given space
 */
public record ProjectionDefinition(String name, List<String> collections, Function<ReadModelSpace, Projection> create) {

    public ProjectionDefinition {
        collections = List.copyOf(collections);
    }
}
