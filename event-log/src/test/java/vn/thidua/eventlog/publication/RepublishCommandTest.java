package vn.thidua.eventlog.publication;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.store.MongoCommitLog;
import vn.thidua.testing.Infrastructure;
import vn.thidua.eventlog.testing.TopicReader;
import vn.thidua.eventlog.testing.TopicReader.Published;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code ./republish.sh} as an operator runs it: what it refuses, and what it sends (the envelopes as published). */
class RepublishCommandTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int republish(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return Republish.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void a_range_nothing_of_which_was_published_is_refused_and_a_bad_one_is_a_usage_error() {
        String name = "republish_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of("MONGODB_URI", Infrastructure.mongoUri(), "MONGODB_DATABASE", name,
                "KAFKA_BOOTSTRAP_SERVERS", Infrastructure.kafkaBootstrap(), "THIDUA_TOPIC", name);

        assertThat(republish(env, "--from", "1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("republish: refused: nothing from position 1 on was "
                + "published yet (the publisher's cursor is 0)");
        assertThat(republish(env, "--from", "5", "--to", "2")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the range 5..2 is empty");
        assertThat(republish(env, "--from", "x")).isEqualTo(2);
        assertThat(republish(env, "--since", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unexpected argument --since").contains("usage:");
    }

    @Test
    void the_published_range_is_sent_again_in_the_original_envelopes_and_the_live_publisher_goes_on() {
        String name = "republish_" + UUID.randomUUID().toString().substring(0, 8);
        Duration lease = Duration.ofSeconds(2);
        try (MongoClient client = MongoClients.create(Infrastructure.mongoUri());
             TopicReader topic = new TopicReader(Infrastructure.kafkaBootstrap(), name)) {
            MongoCommitLog log = new MongoCommitLog(client.getDatabase(name));
            KafkaPublisher live = new KafkaPublisher(log, new PublisherLease(client.getDatabase(name), "live", lease,
                    Clock.systemUTC()), new PublisherSettings(name, 2, (short) 1, 50, Duration.ofMillis(10),
                    Duration.ofSeconds(1), lease), Infrastructure.kafkaBootstrap(), Clock.systemUTC(), new SimpleMeterRegistry());
            live.start();
            try {
                for (int i = 0; i < 6; i++) {
                    log.append(PublicationGuaranteesTest.commit("S" + (i % 2), i / 2));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> live.cursor() == 6 && topic.all().size() == 6);
                List<Published> first = topic.all();

                int exit = republish(Map.of("MONGODB_URI", Infrastructure.mongoUri(), "MONGODB_DATABASE", name,
                        "KAFKA_BOOTSTRAP_SERVERS", Infrastructure.kafkaBootstrap(), "THIDUA_TOPIC", name,
                        "THIDUA_PUBLICATION_LEASE", "2s"), "--from", "3", "--to", "99");

                assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Republished positions 3 to 6 to %s (4 events, "
                        .formatted(name) + "0 gaps) — positions after 6 were not published yet; the publisher resumes after 6");
                await().atMost(Duration.ofSeconds(30)).until(() -> topic.all().size() == 10);
                List<Published> copies = topic.all().subList(6, 10);
                assertThat(copies).extracting(Published::envelope).containsExactlyInAnyOrderElementsOf(
                        first.stream().filter(p -> p.position() >= 3).map(Published::envelope).toList());

                log.append(PublicationGuaranteesTest.commit("S0", 3));
                await().atMost(Duration.ofSeconds(30)).until(() -> topic.all().size() == 11);
                assertThat(topic.all().get(10).position()).isEqualTo(7);
            } finally {
                live.stop();
            }
        }
    }
}
