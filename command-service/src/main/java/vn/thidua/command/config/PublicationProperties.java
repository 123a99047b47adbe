package vn.thidua.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import vn.thidua.eventlog.publication.PublisherSettings;

import java.time.Duration;

/**
 * Settings of the path from the event log to Kafka ({@code thidua.publication.*}); each is described on
 * {@link PublisherSettings}.
 *
 * @param enabled whether this instance takes part in publishing at all
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
        @DefaultValue("10s") Duration checkpointInterval,
        @DefaultValue("thidua.checkpoints") String checkpointTopic) {

    public PublicationProperties {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("thidua.publication.checkpoint-every must be at least 1");
        }
    }

    public PublisherSettings publisher() {
        return new PublisherSettings(topic, partitions, replicationFactor, batchSize, pollInterval, gapTimeout, leaseTtl,
                checkpointEvery, checkpointInterval, checkpointTopic);
    }
}
