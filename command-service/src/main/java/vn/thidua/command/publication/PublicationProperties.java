package vn.thidua.command.publication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the path from the event log to Kafka ({@code thidua.publication.*}).
 *
 * @param topic        the topic every event goes to, keyed by aggregate id
 * @param partitions   partitions of the topic when it is created
 * @param replicationFactor replication factor of the topic when it is created
 * @param batchSize    log positions read per round trip
 * @param pollInterval how often the log is looked at when no local append woke the publisher
 *                     (appends of other instances are seen this way)
 * @param gapTimeout   how long a position that was claimed but holds nothing may delay the ones after it
 *                     before it is sealed as a gap
 * @param leaseTtl     how long the publishing instance's lease lasts without renewal
 * @param enabled      whether this instance takes part in publishing at all
 * @param checkpointEvery    a checkpoint over the whole log is written at least every this many positions
 * @param checkpointInterval … and at least this often while the log moves (docs/integrity.md)
 */
@ConfigurationProperties("thidua.publication")
public record PublicationProperties(
        @DefaultValue("thidua.events") String topic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("500") int batchSize,
        @DefaultValue("25ms") Duration pollInterval,
        @DefaultValue("3s") Duration gapTimeout,
        @DefaultValue("10s") Duration leaseTtl,
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") int checkpointEvery,
        @DefaultValue("10s") Duration checkpointInterval) {

    @ConstructorBinding
    public PublicationProperties {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("thidua.publication.checkpoint-every must be at least 1");
        }
    }

    /** With the default checkpoint settings (every 1000 positions, at least every 10 s). */
    public PublicationProperties(String topic, int partitions, short replicationFactor, int batchSize, Duration pollInterval,
                                 Duration gapTimeout, Duration leaseTtl, boolean enabled) {
        this(topic, partitions, replicationFactor, batchSize, pollInterval, gapTimeout, leaseTtl, enabled, 1000,
                Duration.ofSeconds(10));
    }
}
