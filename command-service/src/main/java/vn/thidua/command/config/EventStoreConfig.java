package vn.thidua.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.command.audit.CheckpointSigning;
import vn.thidua.eventlog.publication.KafkaPublisher;
import vn.thidua.eventlog.publication.PublisherLease;
import vn.thidua.eventlog.store.LogAudit;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The event store (MongoDB), Axon's use of it, and the publisher from it to Kafka. */
@Configuration(proxyBeanMethods = false)
class EventStoreConfig {

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
    MongoDatabase eventDatabase(MongoClient client, @Value("${thidua.mongodb.database}") String name) {
        // majority: an acknowledged commit survives the loss of the primary; what the publisher reads is
        // what a majority has (on the embedded server these are no-ops and durability comes from its group commit)
        return client.getDatabase(name).withWriteConcern(WriteConcern.MAJORITY).withReadConcern(ReadConcern.MAJORITY);
    }

    @Bean
    MongoCommitLog commitLog(MongoDatabase eventDatabase,
                             @Value("${thidua.integrity.stream-tip-cache:20000}") int streamTipCache) {
        return new MongoCommitLog(eventDatabase, streamTipCache);
    }

    @Bean
    LogAudit logAudit(MongoCommitLog commitLog) {
        return new LogAudit(commitLog);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoCommitLog commitLog, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new CommitLogStorageEngine(commitLog, eventSerializer);
    }

    @Bean
    Cache aggregateCache(@Value("${thidua.aggregate-cache.max-entries:20000}") int maxEntries) {
        return new CaffeineAggregateCache(maxEntries);
    }

    /**
     * Who did it, in which province and in which submission: copied from each command's metadata onto its events (the
     * audit log of a province shows its callers' events by {@code provinceCode}).
     */
    @Bean
    CorrelationDataProvider callerCorrelation() {
        return new SimpleCorrelationDataProvider("subject", "role", "unitId", "provinceCode", "submissionId", "idempotencyKey",
                "correlationId", "clientAddress");
    }

    @Bean
    PublisherLease publisherLease(MongoDatabase eventDatabase, PublicationProperties settings) {
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new PublisherLease(eventDatabase, owner, settings.leaseTtl(), Clock.systemUTC());
    }

    /** The keys of checkpoint signatures, from files (ADR 0014). */
    @Bean
    CheckpointSigning checkpointSigning(@Value("${thidua.integrity.signing-key:}") String signingKey,
                                        @Value("${thidua.integrity.generate-signing-key:false}") boolean generate,
                                        @Value("${thidua.integrity.verify-keys:}") List<String> verifyKeys) {
        return CheckpointSigning.of(signingKey, generate, verifyKeys);
    }

    @Bean
    KafkaPublisher kafkaPublisher(MongoCommitLog commitLog, PublisherLease lease, PublicationProperties settings,
                                  @Value("${thidua.kafka.bootstrap-servers}") String bootstrapServers, MeterRegistry meters,
                                  CheckpointSigning signing) {
        return new KafkaPublisher(commitLog, lease, settings.publisher(), bootstrapServers, Clock.systemUTC(), meters,
                signing.signer());
    }

    /** Runs the publisher with the application context, when this instance takes part in publishing. */
    @Bean
    SmartLifecycle kafkaPublisherLifecycle(KafkaPublisher publisher, PublicationProperties settings) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                publisher.start();
            }

            @Override
            public void stop() {
                publisher.stop();
            }

            @Override
            public boolean isRunning() {
                return publisher.isRunning();
            }

            @Override
            public boolean isAutoStartup() {
                return settings.enabled();
            }
        };
    }
}
