package vn.thidua.query.stream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the consumption of the event topic ({@code thidua.stream.*}).
 *
 * @param topic             the event topic
 * @param partitions        partitions, when this service has to create the topic
 * @param replicationFactor replication, when this service has to create the topic
 * @param group             the consumer group: instances of the same group share the partitions
 * @param maxPollRecords    events per batch at most
 */
@ConfigurationProperties("thidua.stream")
public record StreamProperties(
        @DefaultValue("thidua.events") String topic,
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("thidua-query") String group,
        @DefaultValue("2000") int maxPollRecords) {
}
