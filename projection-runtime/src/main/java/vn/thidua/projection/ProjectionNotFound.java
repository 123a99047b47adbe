package vn.thidua.projection;

import java.util.Collection;

/** No projection of the name asked for (a rebuild, a retry of parked events). */
public class ProjectionNotFound extends RuntimeException {

    public ProjectionNotFound(String name, Collection<String> names) {
        super("No projection named %s (one of %s)".formatted(name, names));
    }
}
