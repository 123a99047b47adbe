package vn.thidua.command.publication;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
        @DefaultValue("true") boolean enabled) {
}
