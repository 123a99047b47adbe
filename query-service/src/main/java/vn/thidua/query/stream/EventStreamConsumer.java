package vn.thidua.query.stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds every projection from the event topic. The position is the consumer group's committed offset,
 * kept by Kafka and committed only after the projections wrote the batch: a restart resumes exactly
 * after the last batch written, and a batch redelivered after a crash changes nothing (projections are
 * idempotent). Instances of the same group share the partitions; a rebalance hands a partition over at
 * a committed offset.
 * <p>
 * A record that cannot be read, or an event a projection's handler fails on, is never skipped silently: it is
 * parked in the {@code parked_events} collection with its coordinates and the error, and the stream goes on
 * (see {@link Quarantine}; a failing database is retried, not parked).
 */
public class EventStreamConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventStreamConsumer.class);

    private final StreamProperties settings;
    private final String bootstrapServers;
    private final List<Projection> projections;
    private final MongoCollection<Document> parked;
    private final EventDecoder decoder = new EventDecoder();
    private final Quarantine quarantine;
    private final Counter applied;
    private final AtomicLong highestPosition = new AtomicLong();
    private final List<BatchListener> batchListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread worker;

    public EventStreamConsumer(StreamProperties settings, String bootstrapServers, List<Projection> projections,
                               MongoDatabase database, MeterRegistry meters) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.projections = List.copyOf(projections);
        this.parked = database.getCollection("parked_events");
        this.quarantine = new Quarantine(parked, meters);
        this.applied = Counter.builder("thidua.projection.events").description("events applied to the projections")
                .register(meters);
    }

    /** Tells {@code listener} of every batch once it is written and committed (the live board changes). */
    public void addBatchListener(BatchListener listener) {
        batchListeners.add(listener);
    }

    /** The highest log position this instance has applied (for freshness checks). */
    public long highestAppliedPosition() {
        return highestPosition.get();
    }

    @Override
    public void start() {
        running = true;
        worker = new Thread(this::run, "event-stream-consumer");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        long backoff = 200;
        boolean topicReady = false;
        while (running) {
            try {
                if (!topicReady) {
                    ensureTopic();
                    topicReady = true;
                }
                consume();
                backoff = 200;
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.warn("Consuming paused: {} (cause: {}); retrying in {} ms", e.toString(), String.valueOf(e.getCause()), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void consume() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(settings.topic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<Quarantine.Received> received = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    decode(record).ifPresent(e -> received.add(new Quarantine.Received(e, record.value(),
                            record.topic() + "-" + record.partition() + "@" + record.offset())));
                }
                List<DomainEvent> events = received.stream().map(Quarantine.Received::event).toList();
                for (Projection projection : projections) {
                    quarantine.apply(projection, received);
                }
                c.commitSync();
                applied.increment(events.size());
                events.forEach(e -> highestPosition.accumulateAndGet(e.position(), Math::max));
                batchListeners.forEach(l -> l.applied(events));
            }
        } finally {
            consumer = null;
        }
    }

    private Optional<DomainEvent> decode(ConsumerRecord<String, byte[]> record) {
        try {
            return decoder.decode(record.value());
        } catch (Exception e) {
            log.error("Parking unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
            parked.replaceOne(new Document("_id", record.topic() + "-" + record.partition() + "@" + record.offset()),
                    new Document("_id", record.topic() + "-" + record.partition() + "@" + record.offset())
                            .append("key", record.key())
                            // a record without a value (a tombstone) is parked too, not a reason to stop the stream
                            .append("value", record.value() == null ? null : new Binary(record.value()))
                            .append("error", e.toString()).append("parkedAt", new Date()),
                    new com.mongodb.client.model.ReplaceOptions().upsert(true));
            return Optional.empty();
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        return config;
    }

    /** Both services create the topic if it is missing, so either may start first. */
    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            if (admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(settings.topic())) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"))))
                    .all().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + settings.topic(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer", e);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
