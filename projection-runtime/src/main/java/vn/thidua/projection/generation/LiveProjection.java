package vn.thidua.projection.generation;

import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;

import java.util.List;

/**
 * The instance of a projection that the live stream feeds: it writes into the projection's active generation, and
 * when a rebuild has switched generations it continues in the new one from its next batch.
 */
public final class LiveProjection implements Projection {

    private final ProjectionDefinition definition;
    private final Generations generations;
    private long generation = -1;
    private Projection instance;

    public LiveProjection(ProjectionDefinition definition, Generations generations) {
        this.definition = definition;
        this.generations = generations;
    }

    @Override
    public String name() {
        return definition.name();
    }

    @Override
    public synchronized void apply(List<DomainEvent> events) {
        current().apply(events);
    }

    private Projection current() {
        long active = generations.active(definition.name());
        if (instance == null || active != generation) {
            instance = definition.create().apply(generations.generation(definition.name(), active));
            generation = active;
        }
        return instance;
    }
}
