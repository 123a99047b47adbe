package vn.thidua.query.config;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.query.audit.AuditLogProjection;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.stream.EventStreamConsumer;
import vn.thidua.query.stream.Generations;
import vn.thidua.query.stream.LiveProjection;
import vn.thidua.query.stream.LiveProjections;
import vn.thidua.query.stream.ProjectionDefinition;
import vn.thidua.query.stream.ProjectionDefinitions;
import vn.thidua.query.stream.Projection;
import vn.thidua.query.stream.StreamProperties;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.reference.ReferenceData;

import java.nio.file.Path;
import java.time.Clock;

import java.util.List;

/** The query database, the projections and the consumer that feeds them. */
@Configuration(proxyBeanMethods = false)
class QueryConfig {

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

    /** Every projection: its name, the collections it owns, how to make one writing into a space. */
    @Bean
    ProjectionDefinitions projectionDefinitions(ReferenceData referenceData) {
        return new ProjectionDefinitions(List.of(
                new ProjectionDefinition(MovementCatalogueProjection.NAME, List.of(MovementCatalogueProjection.COLLECTION),
                        MovementCatalogueProjection::new),
                new ProjectionDefinition(AuditLogProjection.NAME, List.of(AuditLogProjection.COLLECTION),
                        AuditLogProjection::new),
                new ProjectionDefinition(SupportBoardProjection.NAME, List.of(SupportBoardProjection.COLLECTION,
                        SupportBoardProjection.DISTRICTS, SupportBoardProjection.PROVINCE,
                        SupportBoardProjection.PROVINCE_HEADS, SupportBoardProjection.UNITS),
                        space -> new SupportBoardProjection(space, referenceData)),
                new ProjectionDefinition(TaskResultsProjection.NAME, List.of(TaskResultsProjection.COLLECTION,
                        TaskResultsProjection.BOARDS, TaskResultsProjection.BOARD_HEADS), TaskResultsProjection::new)));
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
        return new EventStreamConsumer(settings, bootstrapServers, projections.all(), queryDatabase, meters);
    }
}
