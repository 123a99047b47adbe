package vn.thidua.query.config;

import io.micrometer.core.instrument.binder.mongodb.MongoCommandTagsProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ProjectionDefinitions;
import vn.thidua.projection.Watermarks;
import vn.thidua.projection.asof.AsOfReports;
import vn.thidua.projection.generation.Generations;
import vn.thidua.projection.parking.Parking;
import vn.thidua.projection.rebuild.Rebuilds;

import java.util.HashSet;
import java.util.Set;

/** Metrics whose series are bounded, whatever the requests: no name made per request becomes a tag value. */
@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    /**
     * Spring Boot's MongoDB command metrics tag each command with its collection; a report as of an instant folds into
     * collections of its own, so each would add series that never go away. Tagged from a fixed set instead
     * ({@link BoundedCollectionTags}).
     */
    @Bean
    MongoCommandTagsProvider mongoCommandTagsProvider(ProjectionDefinitions definitions) {
        Set<String> names = new HashSet<>(Set.of(Parking.COLLECTION, Rebuilds.JOBS, Rebuilds.LOCKS, Generations.COLLECTION,
                Watermarks.COLLECTION));
        for (ProjectionDefinition d : definitions.all()) {
            names.addAll(d.collections());
        }
        return new BoundedCollectionTags(names, AsOfReports.PREFIX);
    }
}
