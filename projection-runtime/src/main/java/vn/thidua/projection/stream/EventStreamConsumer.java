package vn.thidua.projection.stream;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.eventlog.publication.EventTopic;
import vn.thidua.eventlog.roundtrips.RoundTrips;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.EventDecoder;
import vn.thidua.projection.Projection;
import vn.thidua.projection.parking.Parking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * (see {@link Parking}; a failing database is retried, not parked). The service starts and stops it with its own
 * lifecycle.
 */
public class EventStreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(EventStreamConsumer.class);

    private final StreamSettings settings;
    private final String bootstrapServers;
    private final List<Projection> projections;
    private final EventDecoder decoder = new EventDecoder();
    private final Parking parking;
    private final Counter applied;
    private final Counter batches;
    private final AtomicLong highestPosition = new AtomicLong();
    private final List<BatchListener> batchListeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread worker;

    public EventStreamConsumer(StreamSettings settings, String bootstrapServers, List<Projection> projections,
                               MongoDatabase database, MeterRegistry meters) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.projections = List.copyOf(projections);
        this.parking = new Parking(database, meters);
        this.applied = Counter.builder("thidua.projection.events").description("events applied to the projections")
                .register(meters);
        this.batches = Counter.builder("thidua.projection.batches").description("batches consumed and applied")
                .register(meters);
    }

    /** Tells {@code listener} of every batch once it is written and committed (e.g. the live board changes). */
    public void addBatchListener(BatchListener listener) {
        batchListeners.add(listener);
    }

    /** The highest log position this instance has applied (for freshness checks). */
    public long highestAppliedPosition() {
        return highestPosition.get();
    }

    /** Starts consuming on a thread of its own. */
    public void start() {
        running = true;
        worker = new Thread(this::run, "event-stream-consumer");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops consuming: the batch being applied is finished (or abandoned uncommitted after 15 s). */
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

    public boolean isRunning() {
        return running;
    }

    private void run() {
        RoundTrips.enter("stream");
        long backoff = 200;
        boolean topicReady = false;
        while (running) {
            try {
                if (!topicReady) {
                    EventTopic.ensureExists(bootstrapServers, settings.topic(), settings.partitions(),
                            settings.replicationFactor());
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
                List<Parking.Received> received = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> record : records) {
                    decode(record).ifPresent(e -> received.add(new Parking.Received(e, record.value(), coordinates(record))));
                }
                List<DomainEvent> events = received.stream().map(Parking.Received::event).toList();
                for (Projection projection : projections) {
                    try (RoundTrips.Scope phase = RoundTrips.enter("projection." + projection.name())) {
                        parking.apply(projection, received);
                    }
                }
                c.commitSync();
                applied.increment(events.size());
                batches.increment();
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
            parking.parkUnreadable(coordinates(record), record.key(), record.value(), e);
            return Optional.empty();
        }
    }

    /** A record's place in the topic: {@code topic-partition@offset}. */
    static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // committed batches of the publisher only: a fenced former publisher's unfinished batch is never read
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        return config;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
