package vn.thidua.query.config;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinitions;
import vn.thidua.projection.asof.AsOfReports;
import vn.thidua.projection.asof.RecordedEvents;
import vn.thidua.projection.generation.Generations;
import vn.thidua.projection.generation.LiveProjection;
import vn.thidua.projection.generation.LiveProjections;
import vn.thidua.projection.parking.ParkedEvents;
import vn.thidua.projection.rebuild.Rebuilds;
import vn.thidua.projection.stream.EventStreamConsumer;
import vn.thidua.query.audit.AuditLogProjection;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.structure.StructureRegisterProjection;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.reference.ReferenceData;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The query database, the projections, and the projection runtime that feeds them, rebuilds them and folds as of an instant. */
@Configuration(proxyBeanMethods = false)
class QueryConfig {

    /**
     * A database that does not answer fails a request within seconds (then {@code 503} with {@code Retry-After}), not
     * after the driver's 30 s server selection; a connection gone silent (half-open) fails at the read timeout.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer storeTimeouts(
            @Value("${thidua.mongodb.server-selection-timeout}") java.time.Duration serverSelection,
            @Value("${thidua.mongodb.read-timeout}") java.time.Duration read) {
        return settings -> settings
                .applyToClusterSettings(c -> c.serverSelectionTimeout(serverSelection.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) Math.min(serverSelection.toMillis(), Integer.MAX_VALUE),
                                java.util.concurrent.TimeUnit.MILLISECONDS)
                        .readTimeout((int) read.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    @Bean
    MongoDatabase queryDatabase(MongoClient client, @Value("${thidua.mongodb.database}") String name) {
        return client.getDatabase(name).withWriteConcern(WriteConcern.MAJORITY).withReadConcern(ReadConcern.MAJORITY);
    }

    /** The districts, communes and units the boards name: the shipped Bắc Giang lists unless files are configured. */
    @Bean
    ReferenceData referenceData(@Value("${thidua.reference.admin-units:}") String adminUnits,
                                @Value("${thidua.reference.units:}") String units) {
        return ReferenceData.fromFiles(adminUnits.isBlank() ? null : Path.of(adminUnits), units.isBlank() ? null : Path.of(units));
    }

    /** Every projection, as each declares itself: its name, the collections it owns, how to make one writing into a space. */
    @Bean
    ProjectionDefinitions projectionDefinitions(ReferenceData referenceData) {
        return new ProjectionDefinitions(List.of(MovementCatalogueProjection.DEFINITION, AuditLogProjection.DEFINITION,
                SupportBoardProjection.definition(referenceData), TaskResultsProjection.DEFINITION,
                StructureRegisterProjection.DEFINITION));
    }

    @Bean
    Generations generations(MongoDatabase queryDatabase, ProjectionDefinitions definitions) {
        return new Generations(queryDatabase, definitions.all(), Clock.systemUTC());
    }

    /** What the live stream feeds: each projection in its active generation. */
    @Bean
    LiveProjections liveProjections(ProjectionDefinitions definitions, Generations generations) {
        return new LiveProjections(definitions.all().stream().<Projection>map(d -> new LiveProjection(d, generations)).toList());
    }

    @Bean
    EventStreamConsumer eventStreamConsumer(StreamProperties settings, LiveProjections projections,
                                            @Value("${thidua.kafka.bootstrap-servers}") String bootstrapServers,
                                            MongoDatabase queryDatabase, MeterRegistry meters) {
        return new EventStreamConsumer(settings.settings(), bootstrapServers, projections.all(), queryDatabase, meters);
    }

    /** The consumer runs while the service does: started once the context is ready, stopped before the database goes. */
    @Bean
    SmartLifecycle eventStreamLifecycle(EventStreamConsumer consumer) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                consumer.start();
            }

            @Override
            public void stop() {
                consumer.stop();
            }

            @Override
            public boolean isRunning() {
                return consumer.isRunning();
            }
        };
    }

    /** What the projections parked, listed and retried in the live generations. */
    @Bean
    ParkedEvents parkedEvents(MongoDatabase queryDatabase, LiveProjections projections) {
        return new ParkedEvents(queryDatabase, projections);
    }

    @Bean
    Rebuilds rebuilds(MongoDatabase queryDatabase, ProjectionDefinitions definitions, Generations generations,
                      StreamProperties stream, @Value("${thidua.kafka.bootstrap-servers}") String bootstrapServers,
                      MeterRegistry meters, @Value("${thidua.rebuild.batch-events:10000}") int replayBatch) {
        return new Rebuilds(queryDatabase, definitions, generations, stream.settings(), bootstrapServers, meters, replayBatch);
    }

    /** Reports as of an instant fold the events the audit log recorded. */
    @Bean
    AsOfReports asOfReports(MongoDatabase queryDatabase, Generations generations, RecordedEvents history,
                            ProjectionDefinitions definitions, AsOfProperties settings) {
        return new AsOfReports(queryDatabase, generations, history, definitions, settings.settings());
    }
}
