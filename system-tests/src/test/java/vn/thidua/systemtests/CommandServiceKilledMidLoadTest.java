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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.thidua.systemtests.support.Requests.MOVEMENTS;
import static vn.thidua.systemtests.support.Requests.registerMovement;

/**
 * {@code kill -9} of the command-service while four clients enrol units into ten movements; it is started
 * again with the same settings and the clients carry on. Nothing the service accepted may be lost, nothing
 * may be counted twice, and the topic must carry every stored event (a re-sent batch may repeat events there;
 * the consumers apply each once).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CommandServiceKilledMidLoadTest {

    static final int MOVEMENTS_COUNT = 10;
    static final int UNITS_PER_MOVEMENT = 50;
    static final int CLIENTS = 4;
    static final String TOPIC = "killed.events";
    static final String EVENTS_DB = "killed_events";

    @RegisterExtension
    static final ServiceLogsOnFailure logs = new ServiceLogsOnFailure();

    static Infra infra;
    static ServiceProcess commands;
    static ServiceProcess queries;

    @BeforeAll
    static void start() {
        Path dir = WorkDir.fresh(CommandServiceKilledMidLoadTest.class);
        infra = Infra.start(dir);
        Map<String, String> env = Map.of(
                "MONGODB_URI", infra.mongoUri(),
                "MONGODB_DATABASE", EVENTS_DB,
                "MONGODB_QUERY_DATABASE", "killed_query",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "THIDUA_TOPIC", TOPIC,
                "THIDUA_QUERY_GROUP", "killed-query");
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
    void everyAcceptedEnrolmentSurvivesAKillOfTheCommandServiceExactlyOnce() {
        List<String> movements = IntStream.rangeClosed(1, MOVEMENTS_COUNT).mapToObj("KILL-%02d"::formatted).toList();
        for (String id : movements) {
            Api.Response r = Api.postOk(commands.baseUrl() + MOVEMENTS,
                    registerMovement(id, "Phong trào thi đua " + id + " của ngành Tư pháp"));
            assertThat(r.status()).as("%s", r).isEqualTo(201);
        }

        EnrolmentLoad load = new EnrolmentLoad(EnrolmentLoad.interleaved(movements, UNITS_PER_MOVEMENT, "PTP"), CLIENTS,
                (enrolment, attempt) -> commands.baseUrl()).start();

        // kill -9 in the middle of the load, then start it again with the same settings
        int killAt = load.size() / 3;
        await("a third of the load done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .pollInSameThread().until(() -> load.completed() >= killAt || !load.failures().isEmpty());
        commands.kill();
        int doneAtKill = load.completed();
        Log.line("killed the command-service with %d of %d enrolments done", doneAtKill, load.size());
        assertThat(doneAtKill).as("the kill happened in the middle of the load").isLessThan(load.size());
        commands.start();
        ServiceProcess.awaitHealthy(commands);

        load.awaitDone(Duration.ofSeconds(120));
        Log.line("load: %s", load.summary());
        load.lostAnswers().forEach(lost -> Log.line("stored before the kill, answer lost: %s", lost));
        assertThat(load.failures()).isEmpty();
        assertThat(load.stored().values().stream().mapToInt(Set::size).sum()).isEqualTo(load.size());

        // the query side shows every stored enrolment exactly once (the restarted publisher may first wait
        // for the killed instance's lease to expire)
        Reports.assertShowsExactly(queries.baseUrl(), load.stored(), Duration.ofSeconds(60));

        // the topic carries every stored event
        AtomicReference<EventLog.Contents> log = new AtomicReference<>();
        AtomicReference<List<Topic.Record>> records = new AtomicReference<>();
        await("every stored event on the topic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .pollInSameThread().untilAsserted(() -> {
                    log.set(EventLog.read(infra.mongoUri(), EVENTS_DB));
                    records.set(Topic.readAll(infra.kafkaBootstrap(), TOPIC));
                    assertThat(Topic.distinctEvents(records.get())).containsExactlyInAnyOrderElementsOf(log.get().events());
                });
        int expectedEvents = MOVEMENTS_COUNT + load.size();
        assertThat(log.get().events()).hasSize(expectedEvents);
        Log.line("event log: %d commits, %d gaps sealed; topic: %d records, %d distinct events, %d repeated",
                log.get().commits(), log.get().gaps(), records.get().size(), Topic.distinctEvents(records.get()).size(),
                Topic.duplicates(records.get()).size());
        assertThat(commands.logLinesOfLastStartContaining("now publishes")).as("the restarted instance took over publishing")
                .isNotEmpty();
    }
}
