package vn.thidua.projection.generation;

import vn.thidua.projection.Projection;

import java.util.List;

/** The projections the live stream feeds, each in its active generation ({@link LiveProjection}). */
public record LiveProjections(List<Projection> all) {

    public LiveProjections {
        all = List.copyOf(all);
    }

    public Projection named(String name) {
        return all.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No projection " + name));
    }
}
