package vn.thidua.projection.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;
import vn.thidua.eventlog.publication.EventTopic;
import vn.thidua.projection.DomainEvent;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes events to a topic as the command side's publisher does: key = aggregate id, value = the envelope
 * ({@link EnvelopeCodec}) with the payload serialized by the event store's object mapper (JavaTimeModule, dates as ISO
 * strings).
 */
public final class EventEnvelopes implements AutoCloseable {

    /** As {@code EventStoreConfig.eventSerializer()} configures it. */
    public static final ObjectMapper COMMAND_SIDE = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * Every event is at revision 1 (the query side has no Axon to read {@code @Revision} with): the revision of the
     * events the tests build, and what the envelope carries for an event without one.
     */
    public static final String REVISION = "1";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EventEnvelopes(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // one request in flight: on a topic created a moment ago the broker may refuse the first batch
                // (partition not open yet) after accepting the second, and the retried first one is then refused
                // for good as out of order (OutOfOrderSequenceException, seen in CI)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the topic as the services do, so records can be produced before any service starts. */
    public static void createTopic(String bootstrapServers, String topic, int partitions) {
        EventTopic.ensureExists(bootstrapServers, topic, partitions, (short) 1);
    }

    /** The envelope of the event, its payload and metadata serialized as the event store's serializer does. */
    public static byte[] encode(DomainEvent e) {
        try {
            return EnvelopeCodec.encode(new EventEnvelope(e.position(), e.index(), e.eventId(), e.aggregateType(),
                    e.aggregateId(), e.sequence(), e.payload().getClass().getName(),
                    e.revision() == null ? REVISION : e.revision(), e.timestamp().toString(), null,
                    COMMAND_SIDE.writeValueAsString(e.metadata()), COMMAND_SIDE.writeValueAsString(e.payload())));
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Sends the events in order and waits for Kafka's acknowledgement of each. */
    public void publish(List<DomainEvent> events) {
        List<Future<RecordMetadata>> acks = events.stream()
                .map(e -> producer.send(new ProducerRecord<>(topic, e.aggregateId(), encode(e)))).toList();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge a record on " + topic, e);
            }
        }
    }

    /** Sends any bytes, e.g. a record no reader can understand; returns where Kafka put it. */
    public RecordMetadata send(String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a record on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
