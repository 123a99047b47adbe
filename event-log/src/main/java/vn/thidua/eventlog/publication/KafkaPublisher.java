package vn.thidua.eventlog.publication;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;
import vn.thidua.eventlog.integrity.CheckpointKeys;
import vn.thidua.eventlog.integrity.CheckpointTopic;
import vn.thidua.eventlog.integrity.SignedCheckpoint;
import vn.thidua.eventlog.roundtrips.RoundTrips;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the event log to Kafka in log order, at least once, surviving Kafka outages and crashes.
 * <p>
 * One instance at a time publishes (it holds the {@link PublisherLease}); the others stand by. The loop:
 * read the next positions after the cursor with one point lookup, stop at the first position that holds
 * nothing (a writer has claimed it but not finished, see {@link MongoCommitLog}), fence, send, wait for
 * Kafka's acknowledgement of every record, then move the cursor. A position that stays empty while later
 * ones are filled is sealed as a gap after {@code gapTimeout}: the late writer then retries elsewhere, so
 * no commit is ever skipped. Kafka down: nothing advances; the same batch is sent again when it is back.
 * Killed between send and cursor move: the next owner sends the batch again; consumers apply each event
 * once by its aggregate sequence.
 * <p>
 * Fencing: each batch is one Kafka transaction of a transactional id shared by every instance. An instance that
 * takes the lease starts a new producer of that id, whose registration with the broker fences the previous
 * owner's (its epoch is older) and aborts its open transaction. A former owner paused past its lease (SIGSTOP, a
 * long GC) that wakes in the middle of a batch can therefore not publish it: its commit is refused with
 * {@code ProducerFencedException}, and what it sent stays invisible to the consumers, which read committed records
 * only. The epoch is the fencing token, checked by the broker on every write of the publisher.
 * <p>
 * Signed checkpoints (ADR 0014): with a signing key, every checkpoint written while publishing is signed and sent to
 * the checkpoint topic in the transaction of the batch it was sealed in, so the topic holds what the events topic
 * holds, checkpoint for checkpoint.
 * <p>
 * {@link #start()} and {@link #stop()} run and end the publishing thread (command-service ties them to its
 * application context).
 */
public class KafkaPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublisher.class);

    private final MongoCommitLog commitLog;
    private final PublisherLease lease;
    private final PublisherSettings settings;
    private final String bootstrapServers;
    private final Clock clock;
    private final Counter published;
    private volatile boolean running;
    private volatile Thread worker;
    private volatile long cursor = -1;
    private volatile boolean leader;
    private Producer<String, byte[]> producer;
    private boolean topicReady;
    private static final int MIN_WINDOW = 8;
    private int window = MIN_WINDOW;
    private long gapPosition = -1;
    private long gapSeenAt;
    private final LogCheckpointer checkpointer;
    private final boolean signed;

    public KafkaPublisher(MongoCommitLog commitLog, PublisherLease lease, PublisherSettings settings,
                          String bootstrapServers, Clock clock, MeterRegistry meters) {
        this(commitLog, lease, settings, bootstrapServers, clock, meters, null);
    }

    /** @param signer signs the checkpoints it publishes to the checkpoint topic; {@code null}: checkpoints are not published */
    public KafkaPublisher(MongoCommitLog commitLog, PublisherLease lease, PublisherSettings settings,
                          String bootstrapServers, Clock clock, MeterRegistry meters, CheckpointKeys.Signer signer) {
        this.signed = signer != null;
        this.commitLog = commitLog;
        this.lease = lease;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
        this.checkpointer = new LogCheckpointer(commitLog, settings.checkpointEvery(),
                settings.checkpointInterval().toMillis(), settings.batchSize(), clock, signer);
        this.published = Counter.builder("thidua.publication.events").description("events acknowledged by Kafka")
                .register(meters);
        Gauge.builder("thidua.publication.lag", this, p -> p.leader ? Math.max(0, commitLog.nextPosition() - 1 - p.cursor) : 0)
                .description("log positions this instance knows of that are not yet published").register(meters);
        commitLog.onAppended(position -> wakeUp());
    }

    public void start() {
        running = true;
        worker = new Thread(this::run, "kafka-publisher");
        worker.setDaemon(true);
        worker.start();
    }

    public void stop() {
        running = false;
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    /** The last position Kafka acknowledged, as this instance knows it (-1 when it does not publish). */
    public long cursor() {
        return leader ? cursor : -1;
    }

    public boolean isLeader() {
        return leader;
    }

    void wakeUp() {
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        RoundTrips.enter("publication");
        long backoffMillis = 200;
        while (running) {
            try {
                OptionalLong acquired = lease.acquire();
                if (acquired.isEmpty()) {
                    if (leader) { // e.g. woken from a pause past the lease, its batch failed or fenced meanwhile
                        log.warn("Instance {} lost the publisher lease at position {}", lease.owner(), cursor);
                        closeProducer();
                    }
                    leader = false;
                    pause(settings.leaseTtl().toMillis() / 4);
                    continue;
                }
                if (!leader) {
                    log.info("This instance ({}) now publishes, from log position {}", lease.owner(), acquired.getAsLong() + 1);
                    checkpointer.reset();
                    leader = true; // it holds the lease from here: a failure below is retried under it, or it is lost
                    // a new producer at once: registering it fences the previous owner's before anything is sent
                    closeProducer();
                    producer();
                }
                cursor = acquired.getAsLong();
                leader = true;
                publishWhileLeader();
                backoffMillis = 200;
            } catch (RuntimeException e) {
                if (fenced(e)) {
                    log.warn("Instance {} was fenced: another instance publishes now; its unfinished batch is discarded",
                            lease.owner());
                    leader = false;
                    closeProducer();
                    pause(settings.leaseTtl().toMillis() / 4);
                    continue;
                }
                log.warn("Publishing paused: {} (cause: {}); retrying in {} ms", e.toString(), String.valueOf(e.getCause()), backoffMillis);
                closeProducer();
                pause(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
        closeProducer();
        if (leader) {
            try {
                lease.release();
            } catch (RuntimeException e) {
                log.debug("Could not release the lease: {}", e.toString());
            }
            leader = false;
        }
    }

    /**
     * One durable write per batch: the cursor of the previous batch is written after the next batch was read,
     * which makes that write the read fence of the next batch too. After a crash the stored cursor lags by at
     * most one batch, which is sent again.
     */
    private void publishWhileLeader() {
        long renewEvery = settings.leaseTtl().toMillis() / 3;
        long lastRenewal = clock.millis();
        long unsavedCursor = -1;
        while (running) {
            List<LogEntry> batch = nextContiguous();
            if (batch.isEmpty()) {
                boolean due = clock.millis() - lastRenewal > renewEvery;
                if (unsavedCursor >= 0 || due) {
                    if (!(unsavedCursor >= 0 ? lease.advance(unsavedCursor) : lease.renew())) {
                        lostLease();
                        return;
                    }
                    unsavedCursor = -1;
                    lastRenewal = clock.millis();
                }
                List<SignedCheckpoint> sealed = checkpointer.tick();
                if (!sealed.isEmpty()) {
                    Producer<String, byte[]> p = producer();
                    p.beginTransaction();
                    sendCheckpoints(p, sealed);
                    p.commitTransaction();
                }
                pause(settings.pollInterval().toMillis());
                continue;
            }
            // the producer before the lease write: registering a new one fences every other producer, so an instance
            // woken from a pause must learn from the lease that it may not use it before sending anything
            producer();
            // the fence: a durable write after the read, so what was read cannot be taken back by a crash
            if (!(unsavedCursor >= 0 ? lease.advance(unsavedCursor) : lease.renew())) {
                lostLease();
                return;
            }
            lastRenewal = clock.millis();
            send(batch);
            cursor = batch.get(batch.size() - 1).position();
            unsavedCursor = cursor;
        }
        if (unsavedCursor >= 0) {
            lease.advance(unsavedCursor);
        }
    }

    private static boolean fenced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private void lostLease() {
        log.warn("Instance {} lost the publisher lease at position {}", lease.owner(), cursor);
        leader = false;
        closeProducer();
        pause(settings.leaseTtl().toMillis() / 4);
    }

    /** The entries right after the cursor with no hole between them; seals a hole that outlived the timeout. */
    private List<LogEntry> nextContiguous() {
        // every position looked up costs the database a key lookup: the window follows the traffic, small
        // while the log is quiet, doubling while batches come back full, up to the batch size
        int window = this.window;
        Map<Long, LogEntry> found = commitLog.readPositions(cursor + 1, window);
        List<LogEntry> batch = new ArrayList<>();
        long expected = cursor + 1;
        while (found.containsKey(expected)) {
            batch.add(found.get(expected));
            expected++;
        }
        this.window = batch.size() == window ? Math.min(window * 2, settings.batchSize())
                : Math.max(MIN_WINDOW, Math.min(settings.batchSize(), Integer.highestOneBit(Math.max(1, batch.size())) * 2));
        boolean laterExist = found.keySet().stream().anyMatch(p -> p > cursor + 1);
        if (batch.isEmpty() && (laterExist || commitLog.nextPosition() > expected)) {
            long now = clock.millis();
            if (gapPosition != expected) {
                gapPosition = expected;
                gapSeenAt = now;
            } else if (now - gapSeenAt >= settings.gapTimeout().toMillis()) {
                if (commitLog.sealGap(expected)) {
                    log.warn("Log position {} stayed empty for {}; sealed as a gap", expected, settings.gapTimeout());
                }
                gapPosition = -1;
            }
        }
        return batch;
    }

    /** One transaction per batch: committed means acknowledged by Kafka and visible; a fenced producer commits nothing. */
    private void send(List<LogEntry> batch) {
        Producer<String, byte[]> p = producer();
        int events = 0;
        p.beginTransaction();
        for (LogEntry entry : batch) {
            if (!(entry instanceof Commit commit)) {
                continue; // a sealed gap
            }
            for (int i = 0; i < commit.events().size(); i++) {
                p.send(new ProducerRecord<>(settings.topic(), commit.aggregateId(),
                        EnvelopeCodec.encode(EventEnvelope.of(commit, i))));
                events++;
            }
        }
        // the checkpoints sealed over this batch, in its transaction: committed with the events or not at all
        sendCheckpoints(p, checkpointer.published(cursor, batch));
        // flushes, and fails if any record was refused: the batch is then sent again by a new producer, whose
        // registration aborts this transaction
        p.commitTransaction();
        published.increment(events);
    }

    private void sendCheckpoints(Producer<String, byte[]> p, List<SignedCheckpoint> sealed) {
        for (SignedCheckpoint c : sealed) {
            p.send(new ProducerRecord<>(settings.checkpointTopic(), Long.toString(c.upTo()), CheckpointTopic.encode(c)));
        }
    }

    /**
     * The transactional producer of the topic's publisher. Its transactional id is the same for every instance and for
     * the operator's republish ({@link Republisher}): the newest producer fences the older ones.
     */
    static Map<String, Object> producerConfig(String bootstrapServers, String topic, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // Up to 5 requests in flight (the default). On a topic created a moment before, a partition not yet open
        // on the broker can refuse batch n and accept batch n+1 (no producer state there yet); the retried n is then
        // refused for good, this send times out, and the batch is sent again — its later events twice, the earlier
        // ones after them. The query side folds by sequence (a later copy fills the gap; duplicates are skipped),
        // so only a stall of the delivery timeout and spurious parked events remain. One request in flight would
        // avoid it but lengthens the freshness tail (docs/benchmarks-history.md).
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // one transactional id for every instance: the newest producer fences the older ones
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "thidua-publisher-" + topic);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        return config;
    }

    private Producer<String, byte[]> producer() {
        if (!topicReady) {
            EventTopic.ensureExists(bootstrapServers, settings.topic(), settings.partitions(), settings.replicationFactor());
            if (signed) {
                // one partition: the signed checkpoints are read back in the order they were written
                EventTopic.ensureExists(bootstrapServers, settings.checkpointTopic(), 1, settings.replicationFactor());
            }
            topicReady = true;
        }
        if (producer == null) {
            Map<String, Object> config = producerConfig(bootstrapServers, settings.topic(), "thidua-publisher-" + lease.owner());
            Producer<String, byte[]> created = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(java.time.Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                log.debug("Closing the producer failed: {}", e.toString());
            }
            producer = null;
        }
    }

    private void pause(long millis) {
        if (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(1, millis)));
        }
    }
}
