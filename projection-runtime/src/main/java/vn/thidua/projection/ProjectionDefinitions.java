package vn.thidua.projection;

import java.util.List;

/** The projections of a service, by name. */
public record ProjectionDefinitions(List<ProjectionDefinition> all) {

    public ProjectionDefinitions {
        all = List.copyOf(all);
    }

    public ProjectionDefinition named(String name) {
        return all.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new ProjectionNotFound(name, names()));
    }

    public List<String> names() {
        return all.stream().map(ProjectionDefinition::name).toList();
    }
}
