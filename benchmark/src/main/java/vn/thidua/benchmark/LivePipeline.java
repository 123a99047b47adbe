package vn.thidua.benchmark;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;

import static vn.thidua.benchmark.IngestBenchmark.fmt;
import static vn.thidua.benchmark.IngestBenchmark.log;
import static vn.thidua.benchmark.IngestBenchmark.sleep;

/**
 * The running stack's own pipeline after the events were stored: command-service's publisher puts them on the topic,
 * the live query side applies them. The raw baselines and the rebuild are measured only once both are done.
 */
final class LivePipeline {

    private final EventTopic topic;
    private final StackProbe probe;
    private final Duration timeout;
    private final RebuildReport report;

    LivePipeline(EventTopic topic, StackProbe probe, Duration timeout, RebuildReport report) {
        this.topic = topic;
        this.probe = probe;
        this.timeout = timeout;
        this.report = report;
    }

    /**
     * Waits until the topic holds every stored event (sum of its end offsets, which also count the publisher's
     * transaction markers) and the live query side applied them all ({@code thidua.projection.events}), at most
     * {@code --drain-timeout}.
     *
     * @param storedAt {@link System#nanoTime()} when the last event was stored
     */
    void awaitCaughtUp(long stored, long storedAt) {
        log("waiting until the publisher has published all %s events and the live query side has applied them".formatted(fmt(stored)));
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = topic.consumer(500)) {
            List<TopicPartition> partitions = topic.partitions(consumer);
            while (System.nanoTime() < deadline) {
                if (partitions.isEmpty()) {
                    partitions = topic.partitions(consumer); // asked before the publisher created the topic
                }
                long inTopic = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                long applied = probe.applied();
                if (inTopic >= stored && applied >= stored) {
                    long now = System.nanoTime();
                    report.logAndAdd("live pipeline: all %s events published and applied by the live query side %.1f s after the last was stored"
                            .formatted(fmt(stored), (now - storedAt) / 1e9));
                    return;
                }
                if (System.nanoTime() - lastLog > 10_000_000_000L) {
                    lastLog = System.nanoTime();
                    log("  in the topic %s, applied by the live query side %s, publisher lag %s".formatted(fmt(inTopic),
                            fmt(applied), fmt(probe.publicationLag())));
                }
                sleep(500);
            }
        }
        throw new IllegalStateException("the pipeline did not catch up within " + timeout.toSeconds() + " s");
    }
}
