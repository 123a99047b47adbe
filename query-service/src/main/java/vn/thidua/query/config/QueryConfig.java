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
    EventStreamConsumer eventStreamConsumer(StreamProperties settings, List<Projection> projections,
                                            @Value("${thidua.kafka.bootstrap-servers}") String bootstrapServers,
                                            MongoDatabase queryDatabase, MeterRegistry meters) {
        return new EventStreamConsumer(settings, bootstrapServers, projections, queryDatabase, meters);
    }
}
