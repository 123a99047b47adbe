package vn.thidua.projection;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A projection as the runtime knows it: its name, the logical collections it owns (all of them are rebuilt, switched
 * and compared together) and how to make an instance writing into a given space. Each projection class declares its
 * own, next to what it reads and how it folds (e.g. {@code MovementCatalogueProjection.DEFINITION}).
 *
 * @param name        the projection's name (also the key of its watermark and of what it parks)
 * @param collections the logical names of the collections it writes
 * @param create      an instance writing into the given space
 * @param streams     the streams it folds that belong to no movement (their aggregate ids): a report as of an instant
 *                    that reads it folds their events up to the instant too, with the movement's
 */
public record ProjectionDefinition(String name, List<String> collections, Function<ReadModelSpace, Projection> create,
                                   Set<String> streams) {

    public ProjectionDefinition {
        collections = List.copyOf(collections);
        streams = Set.copyOf(streams);
    }

    /** A projection of movements' events only. */
    public ProjectionDefinition(String name, List<String> collections, Function<ReadModelSpace, Projection> create) {
        this(name, collections, create, Set.of());
    }
}
