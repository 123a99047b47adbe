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
import vn.thidua.query.stream.Projection;
import vn.thidua.query.stream.StreamProperties;
import vn.thidua.query.stream.Watermarks;
import vn.thidua.query.supportboard.SupportBoardProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.reference.ReferenceData;

import java.nio.file.Path;

import java.util.List;

/** The query database, the projections and the consumer that feeds them. */
@Configuration(proxyBeanMethods = false)
class QueryConfig {

    @Bean
    MongoDatabase queryDatabase(MongoClient client, @Value("${thidua.mongodb.database}") String name) {
        return client.getDatabase(name).withWriteConcern(WriteConcern.MAJORITY).withReadConcern(ReadConcern.MAJORITY);
    }

    @Bean
    MovementCatalogueProjection movementCatalogue(MongoDatabase queryDatabase) {
        return new MovementCatalogueProjection(queryDatabase);
    }

    @Bean
    AuditLogProjection auditLog(MongoDatabase queryDatabase) {
        return new AuditLogProjection(queryDatabase);
    }

    @Bean
    Watermarks watermarks(MongoDatabase queryDatabase) {
        return new Watermarks(queryDatabase);
    }

    /** The districts, communes and units the boards name: the shipped Bắc Giang lists unless files are configured. */
    @Bean
    ReferenceData referenceData(@Value("${thidua.reference.admin-units:}") String adminUnits,
                                @Value("${thidua.reference.units:}") String units) {
        return ReferenceData.fromFiles(adminUnits.isBlank() ? null : Path.of(adminUnits), units.isBlank() ? null : Path.of(units));
    }

    @Bean
    SupportBoardProjection supportBoardProjection(MongoDatabase queryDatabase, Watermarks watermarks, ReferenceData referenceData) {
        return new SupportBoardProjection(queryDatabase, watermarks, referenceData);
    }

    @Bean
    TaskResultsProjection taskResultsProjection(MongoDatabase queryDatabase, Watermarks watermarks) {
        return new TaskResultsProjection(queryDatabase, watermarks);
    }

    @Bean
    EventStreamConsumer eventStreamConsumer(StreamProperties settings, List<Projection> projections,
                                            @Value("${thidua.kafka.bootstrap-servers}") String bootstrapServers,
                                            MongoDatabase queryDatabase, MeterRegistry meters) {
        return new EventStreamConsumer(settings, bootstrapServers, projections, queryDatabase, meters);
    }
}
