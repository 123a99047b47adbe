package vn.thidua.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import vn.thidua.projection.stream.StreamSettings;

/**
 * {@code thidua.stream.*}: how the event topic is consumed ({@link StreamSettings}).
 *
 * @param topic             the event topic
 * @param partitions        partitions, when this service has to create the topic
 * @param replicationFactor replication, when this service has to create the topic
 * @param group             the consumer group: instances of the same group share the partitions
 * @param maxPollRecords    events per batch at most
 */
@ConfigurationProperties("thidua.stream")
record StreamProperties(
        @DefaultValue("thidua.events") String topic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("thidua-query") String group,
        @DefaultValue("2000") int maxPollRecords) {

    StreamSettings settings() {
        return new StreamSettings(topic, partitions, replicationFactor, group, maxPollRecords);
    }
}
