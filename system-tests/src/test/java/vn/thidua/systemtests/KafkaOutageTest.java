package vn.thidua.systemtests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.thidua.systemtests.support.Api;
import vn.thidua.systemtests.support.EnrolmentLoad;
import vn.thidua.systemtests.support.EventLog;
import vn.thidua.systemtests.support.Infra;
import vn.thidua.systemtests.support.Log;
import vn.thidua.systemtests.support.Reports;
import vn.thidua.systemtests.support.ServiceLogsOnFailure;
import vn.thidua.systemtests.support.ServiceProcess;
import vn.thidua.systemtests.support.Topic;
import vn.thidua.systemtests.support.WorkDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.thidua.systemtests.support.Requests.MOVEMENTS;
import static vn.thidua.systemtests.support.Requests.registerMovement;

/**
 * Kafka goes away for a few seconds during load and comes back on the same port and data. The command side
 * keeps accepting (its store is MongoDB); everything accepted reaches the query API once Kafka is back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaOutageTest {

    static final int MOVEMENTS_COUNT = 5;
    static final int UNITS_PER_MOVEMENT = 60;
    static final int CLIENTS = 2;
    static final Duration OUTAGE = Duration.ofSeconds(5);
    static final String TOPIC = "outage.events";
    static final String EVENTS_DB = "outage_events";

    @RegisterExtension
    static final ServiceLogsOnFailure logs = new ServiceLogsOnFailure();

    static Infra infra;
    static ServiceProcess commands;
    static ServiceProcess queries;

    @BeforeAll
    static void start() {
        Path dir = WorkDir.fresh(KafkaOutageTest.class);
        infra = Infra.start(dir);
        Map<String, String> env = Map.of(
                "MONGODB_URI", infra.mongoUri(),
                "MONGODB_DATABASE", EVENTS_DB,
                "MONGODB_QUERY_DATABASE", "outage_query",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "THIDUA_TOPIC", TOPIC,
                "THIDUA_QUERY_GROUP", "outage-query");
        commands = logs.track(ServiceProcess.commandService("command-service", dir, env));
        queries = logs.track(ServiceProcess.queryService("query-service", dir, env));
        ServiceProcess.startAll(commands, queries);
    }

    @AfterAll
    static void stop() {
        if (commands != null) {
            commands.stop();
        }
        if (queries != null) {
            queries.stop();
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void everythingAcceptedDuringAKafkaOutageReachesTheQueryApi() {
        List<String> movements = IntStream.rangeClosed(1, MOVEMENTS_COUNT).mapToObj("OUT-%02d"::formatted).toList();
        for (String id : movements) {
            Api.Response r = Api.postOk(commands.baseUrl() + MOVEMENTS,
                    registerMovement(id, "Phong trào thi đua " + id + " – phổ biến, giáo dục pháp luật"));
            assertThat(r.status()).as("%s", r).isEqualTo(201);
        }
        // the registrations have made it through, so the stream is flowing before the outage
        Reports.awaitMovement(queries.baseUrl(), movements.get(movements.size() - 1), Duration.ofSeconds(30), m -> true);

        EnrolmentLoad load = new EnrolmentLoad(EnrolmentLoad.interleaved(movements, UNITS_PER_MOVEMENT, "PTP"), CLIENTS,
                (enrolment, attempt) -> commands.baseUrl()).start();
        int stopAt = load.size() / 4;
        await("a quarter of the load done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .pollInSameThread().until(() -> load.completed() >= stopAt || !load.failures().isEmpty());

        long down = System.nanoTime();
        infra.stopKafka();
        int doneAtStop = load.completed();
        Log.line("Kafka stopped with %d of %d enrolments done", doneAtStop, load.size());
        // the outage lasts at least OUTAGE, and commands keep being accepted meanwhile
        await("commands accepted while Kafka is down").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .pollInSameThread().until(() -> System.nanoTime() - down >= OUTAGE.toNanos()
                        && (load.completed() >= doneAtStop + 20 || load.completed() == load.size()));
        int doneDuringOutage = load.completed() - doneAtStop;
        infra.restartKafka();
        Log.line("Kafka back after %.1f s; %d enrolments accepted while it was down", (System.nanoTime() - down) / 1e9,
                doneDuringOutage);
        assertThat(doneDuringOutage).as("commands accepted while Kafka was down").isPositive();

        load.awaitDone(Duration.ofSeconds(120));
        Log.line("load: %s", load.summary());
        assertThat(load.failures()).isEmpty();
        assertThat(load.acceptedCount()).isEqualTo(load.size());

        Reports.assertShowsExactly(queries.baseUrl(), load.stored(), Duration.ofSeconds(90));

        AtomicReference<EventLog.Contents> log = new AtomicReference<>();
        AtomicReference<List<Topic.Record>> records = new AtomicReference<>();
        await("every stored event on the topic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .pollInSameThread().untilAsserted(() -> {
                    log.set(EventLog.read(infra.mongoUri(), EVENTS_DB));
                    records.set(Topic.readAll(infra.kafkaBootstrap(), TOPIC));
                    assertThat(Topic.distinctEvents(records.get())).containsExactlyInAnyOrderElementsOf(log.get().events());
                });
        assertThat(log.get().events()).hasSize(MOVEMENTS_COUNT + load.size());
        Log.line("event log: %d commits, %d gaps sealed; topic: %d records, %d distinct events, %d repeated",
                log.get().commits(), log.get().gaps(), records.get().size(), Topic.distinctEvents(records.get()).size(),
                Topic.duplicates(records.get()).size());
    }
}
