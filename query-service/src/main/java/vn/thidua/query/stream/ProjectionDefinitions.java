package vn.thidua.query.stream;

import vn.thidua.query.web.ProblemDetailsAdvice.NotFound;

import java.util.List;

/** The projections of this service, by name. */
public record ProjectionDefinitions(List<ProjectionDefinition> all) {

    public ProjectionDefinitions {
        all = List.copyOf(all);
    }

    public ProjectionDefinition named(String name) {
        return all.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFound("No projection named %s (one of %s)".formatted(name, names())));
    }

    public List<String> names() {
        return all.stream().map(ProjectionDefinition::name).toList();
    }
}
