package vn.thidua.eventlog.publication;

import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.envelope.EnvelopeCodec;
import vn.thidua.eventlog.envelope.EventEnvelope;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's republish (docs/operations.md, ADR 0014): sends the log positions {@code from..to} to the event topic
 * again, each event in its original envelope (same event id, position, sequence, hash), after the topic was lost or
 * truncated. Consumers apply each event once by its stream sequence, so whatever they had applied is skipped and what
 * they had missed is applied.
 * <p>
 * It runs <b>as the publisher</b>, so it cannot reorder a stream: it takes the publisher lease over (the live holder's
 * next conditional write fails and it stands by) and registers the publisher's transactional id (which fences the
 * holder's batch in flight: aborted, never seen by consumers). It then sends positions up to the cursor it took over
 * — everything published before — in log order, one transaction per window, and gives the lease back; the live
 * publisher resumes after that cursor. So on every partition the copies come before anything published after them,
 * in log order, as the first publication had them. Publication of new commits pauses meanwhile (commands are still
 * accepted).
 */
public final class Republisher {

    private static final Logger log = LoggerFactory.getLogger(Republisher.class);

    /** What was sent again. {@code to} is at most the publisher's cursor. */
    public record Outcome(long from, long to, long positions, long events, long gaps, long cursor) {
    }

    /** The range cannot be republished (nothing of it was published yet, or it is empty). */
    public static final class RangeRefused extends RuntimeException {
        public RangeRefused(String message) {
            super(message);
        }
    }

    private final MongoDatabase database;
    private final String bootstrapServers;
    private final PublisherSettings settings;
    private final Clock clock;

    public Republisher(MongoDatabase database, String bootstrapServers, PublisherSettings settings, Clock clock) {
        this.database = database;
        this.bootstrapServers = bootstrapServers;
        this.settings = settings;
        this.clock = clock;
    }

    /** Republishes positions {@code from} to {@code to} (at most up to the publisher's cursor). */
    public Outcome republish(long from, long to) {
        if (from < 1 || to < from) {
            throw new RangeRefused("the range %d..%d is empty: positions start at 1 and --to is not before --from"
                    .formatted(from, to));
        }
        MongoCommitLog commitLog = new MongoCommitLog(database);
        PublisherLease lease = new PublisherLease(database, "republish/" + UUID.randomUUID().toString().substring(0, 8),
                settings.leaseTtl(), clock);
        long cursor = lease.takeOver();
        try {
            if (from > cursor) {
                throw new RangeRefused(("nothing from position %d on was published yet (the publisher's cursor is %d): "
                        + "the live publisher sends it").formatted(from, cursor));
            }
            long last = Math.min(to, cursor);
            EventTopic.ensureExists(bootstrapServers, settings.topic(), settings.partitions(), settings.replicationFactor());
            try (Producer<String, byte[]> producer = new KafkaProducer<>(
                    KafkaPublisher.producerConfig(bootstrapServers, settings.topic(), lease.owner()),
                    new StringSerializer(), new ByteArraySerializer())) {
                // registering the publisher's transactional id fences the live publisher's producer
                producer.initTransactions();
                long events = 0;
                long gaps = 0;
                for (long p = from; p <= last; p += settings.batchSize()) {
                    if (!lease.renew()) {
                        throw new IllegalStateException("the publisher lease was taken from the republish at position " + p
                                + " (another republish?); positions from there on were not sent again");
                    }
                    int count = (int) Math.min(settings.batchSize(), last - p + 1);
                    Map<Long, LogEntry> window = commitLog.readPositions(p, count);
                    producer.beginTransaction();
                    for (long q = p; q < p + count; q++) {
                        LogEntry entry = window.get(q);
                        if (entry == null) {
                            producer.abortTransaction();
                            throw new IllegalStateException(("position %d, published before (cursor %d), holds nothing: "
                                    + "the log was changed (./verify-log.sh)").formatted(q, cursor));
                        }
                        if (!(entry instanceof Commit commit)) {
                            gaps++;
                            continue;
                        }
                        for (int i = 0; i < commit.events().size(); i++) {
                            producer.send(new ProducerRecord<>(settings.topic(), commit.aggregateId(),
                                    EnvelopeCodec.encode(EventEnvelope.of(commit, i))));
                            events++;
                        }
                    }
                    producer.commitTransaction();
                    log.info("Republished positions {} to {} of {}", p, p + count - 1, last);
                }
                return new Outcome(from, last, last - from + 1, events, gaps, cursor);
            }
        } finally {
            lease.release();
        }
    }
}
