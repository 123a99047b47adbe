package vn.thidua.projection.stream;

/**
 * How the event topic is consumed (query-service binds them from {@code thidua.stream.*}).
 *
 * @param topic             the event topic
 * @param partitions        partitions, when this service has to create the topic
 * @param replicationFactor replication, when this service has to create the topic
 * @param group             the consumer group: instances of the same group share the partitions
 * @param maxPollRecords    events per batch at most
 */
public record StreamSettings(String topic, int partitions, short replicationFactor, String group, int maxPollRecords) {
}
