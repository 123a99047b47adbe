package vn.thidua.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.thidua.systemtests.support.Requests.MOVEMENTS;
import static vn.thidua.systemtests.support.Requests.defineKeyTask;
import static vn.thidua.systemtests.support.Requests.registerMovement;

/**
 * Two command-service and two query-service processes on the same databases, topic and consumer group.
 * Clients alternate between the command-services, so the same movement is changed on both at once (and each
 * instance's aggregate cache goes stale): a 409 {@code concurrent-change} is a legitimate answer, retried by
 * the client. Both query-services must show every accepted command exactly once, share the partitions, and
 * every event must be on the topic exactly once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TwoInstancesTest {

    static final int MOVEMENTS_COUNT = 6;
    static final int TASKS_PER_MOVEMENT = 3;
    static final int UNITS_PER_MOVEMENT = 40;
    static final int CLIENTS = 4;
    static final String TOPIC = "two.events";
    static final String EVENTS_DB = "two_events";
    static final String GROUP = "two-query";

    @RegisterExtension
    static final ServiceLogsOnFailure logs = new ServiceLogsOnFailure();

    static Infra infra;
    static List<ServiceProcess> commands = new ArrayList<>();
    static List<ServiceProcess> queries = new ArrayList<>();

    @BeforeAll
    static void start() {
        Path dir = WorkDir.fresh(TwoInstancesTest.class);
        infra = Infra.start(dir);
        Map<String, String> env = Map.of(
                "MONGODB_URI", infra.mongoUri(),
                "MONGODB_DATABASE", EVENTS_DB,
                "MONGODB_QUERY_DATABASE", "two_query",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "THIDUA_TOPIC", TOPIC,
                "THIDUA_TOPIC_PARTITIONS", "4",
                "THIDUA_QUERY_GROUP", GROUP);
        for (String n : List.of("a", "b")) {
            commands.add(logs.track(ServiceProcess.commandService("command-service-" + n, dir, env)));
            queries.add(logs.track(ServiceProcess.queryService("query-service-" + n, dir, env)));
        }
        List<ServiceProcess> all = new ArrayList<>(commands);
        all.addAll(queries);
        ServiceProcess.startAll(all.toArray(ServiceProcess[]::new));
    }

    @AfterAll
    static void stop() {
        commands.forEach(ServiceProcess::stop);
        queries.forEach(ServiceProcess::stop);
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void everyAcceptedCommandIsShownOnceByBothQueryServicesAndPublishedOnce() {
        List<String> movements = IntStream.rangeClosed(1, MOVEMENTS_COUNT).mapToObj("TWO-%02d"::formatted).toList();
        int conflicts = 0;
        // registrations and key tasks; each movement's key tasks go alternately to one instance and the other
        for (int m = 0; m < movements.size(); m++) {
            String id = movements.get(m);
            Api.Response r = Api.postOk(commands.get(m % 2).baseUrl() + MOVEMENTS,
                    registerMovement(id, "Phong trào thi đua " + id + " – Sở Tư pháp tỉnh Bắc Giang"));
            assertThat(r.status()).as("%s", r).isEqualTo(201);
        }
        for (int task = 1; task <= TASKS_PER_MOVEMENT; task++) {
            for (int m = 0; m < movements.size(); m++) {
                conflicts += defineKeyTaskRetrying(movements.get(m), task, m + task);
            }
        }

        // enrolments from four clients: a movement's successive enrolments go alternately to one instance and the
        // other, and so does each retry
        EnrolmentLoad load = new EnrolmentLoad(EnrolmentLoad.interleaved(movements, UNITS_PER_MOVEMENT, "DV"), CLIENTS,
                (enrolment, attempt) -> commands.get((enrolment.index() / MOVEMENTS_COUNT + attempt) % 2).baseUrl()).start();
        load.awaitDone(Duration.ofSeconds(150));
        Log.line("load: %s; key tasks: %d concurrent-change answers", load.summary(), conflicts);
        assertThat(load.failures()).isEmpty();
        assertThat(load.acceptedCount()).isEqualTo(load.size());

        // both query-services show every accepted command exactly once
        for (ServiceProcess q : queries) {
            Reports.assertShowsExactly(q.baseUrl(), load.stored(), Duration.ofSeconds(60));
            for (String id : movements) {
                JsonNode m = Reports.movement(q.baseUrl(), id).json();
                List<Integer> tasks = new ArrayList<>();
                m.path("keyTasks").forEach(t -> tasks.add(t.path("taskNo").asInt()));
                assertThat(tasks).as("key tasks of %s via %s", id, q.name())
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, TASKS_PER_MOVEMENT).boxed().toList());
                assertThat(m.path("version").asLong()).as("version of %s via %s", id, q.name())
                        .isEqualTo(TASKS_PER_MOVEMENT + UNITS_PER_MOVEMENT);
            }
        }

        // both query-services consume: the group has two members, each with partitions of the topic
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            await("two members in consumer group " + GROUP).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).pollInSameThread().untilAsserted(() -> {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP))
                                .describedGroups().get(GROUP).get(10, TimeUnit.SECONDS);
                        assertThat(group.members()).as("members of %s", group).hasSize(2);
                        Set<TopicPartition> assigned = new HashSet<>();
                        for (MemberDescription member : group.members()) {
                            assertThat(member.assignment().topicPartitions()).as("partitions of %s", member).isNotEmpty();
                            assigned.addAll(member.assignment().topicPartitions());
                        }
                        assertThat(assigned).hasSize(4);
                    });
        }

        // each stored event is on the topic exactly once
        AtomicReference<EventLog.Contents> log = new AtomicReference<>();
        AtomicReference<List<Topic.Record>> records = new AtomicReference<>();
        await("every stored event on the topic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .pollInSameThread().untilAsserted(() -> {
                    log.set(EventLog.read(infra.mongoUri(), EVENTS_DB));
                    records.set(Topic.readAll(infra.kafkaBootstrap(), TOPIC));
                    assertThat(Topic.distinctEvents(records.get())).containsExactlyInAnyOrderElementsOf(log.get().events());
                });
        assertThat(log.get().events()).hasSize(MOVEMENTS_COUNT * (1 + TASKS_PER_MOVEMENT + UNITS_PER_MOVEMENT));
        assertThat(Topic.duplicates(records.get())).as("events published more than once").isEmpty();
        assertThat(records.get()).hasSize(log.get().events().size());
        Log.line("event log: %d commits, %d gaps sealed; topic: %d records; publishers: %s", log.get().commits(),
                log.get().gaps(), records.get().size(),
                commands.stream().map(c -> c.name() + " " + c.logLinesContaining("now publishes").size() + "x leader").toList());
    }

    /** Defines a key task, retrying on the other instance after a concurrent change; returns the conflicts met. */
    private static int defineKeyTaskRetrying(String movementId, int taskNo, int request) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String url = commands.get((request + attempt) % 2).baseUrl() + MOVEMENTS + "/" + movementId + "/key-tasks";
            Api.Response r = Api.postOk(url, defineKeyTask(taskNo, "Nhiệm vụ trọng tâm " + taskNo));
            if (r.status() == 201) {
                return attempt;
            }
            assertThat(r.status()).as("%s", r).isEqualTo(409);
            assertThat(r.problemKind()).as("%s", r).isEqualTo("concurrent-change");
        }
        throw new AssertionError("key task " + taskNo + " of " + movementId + " never accepted");
    }
}
