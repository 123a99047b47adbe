package vn.thidua.eventlog.publication;

import java.time.Duration;

/**
 * How the {@link KafkaPublisher} publishes the log (command-service binds them from {@code thidua.publication.*}).
 *
 * @param topic              the topic every event goes to, keyed by aggregate id
 * @param partitions         partitions of the topic when it is created
 * @param replicationFactor  replication factor of the topic when it is created
 * @param batchSize          log positions read per round trip
 * @param pollInterval       how often the log is looked at when no local append woke the publisher
 *                           (appends of other instances are seen this way)
 * @param gapTimeout         how long a position that was claimed but holds nothing may delay the ones after it
 *                           before it is sealed as a gap
 * @param leaseTtl           how long the publishing instance's lease lasts without renewal
 * @param checkpointEvery    a checkpoint over the whole log is written at least every this many positions
 * @param checkpointInterval … and at least this often while the log moves (docs/integrity.md)
 * @param checkpointTopic    where signed checkpoints are published (ADR 0014), in the same transactions as the events
 */
public record PublisherSettings(String topic, int partitions, short replicationFactor, int batchSize,
                                Duration pollInterval, Duration gapTimeout, Duration leaseTtl, int checkpointEvery,
                                Duration checkpointInterval, String checkpointTopic) {

    /** With the checkpoint topic named after the event topic ({@code <topic>.checkpoints}). */
    public PublisherSettings(String topic, int partitions, short replicationFactor, int batchSize, Duration pollInterval,
                             Duration gapTimeout, Duration leaseTtl, int checkpointEvery, Duration checkpointInterval) {
        this(topic, partitions, replicationFactor, batchSize, pollInterval, gapTimeout, leaseTtl, checkpointEvery,
                checkpointInterval, topic + ".checkpoints");
    }

    /** With the default checkpoint settings (every 1000 positions, at least every 10 s). */
    public PublisherSettings(String topic, int partitions, short replicationFactor, int batchSize, Duration pollInterval,
                             Duration gapTimeout, Duration leaseTtl) {
        this(topic, partitions, replicationFactor, batchSize, pollInterval, gapTimeout, leaseTtl, 1000,
                Duration.ofSeconds(10));
    }
}
