package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import vn.thidua.projection.asof.AsOfReports;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.security.Role;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a report as of an instant may cost any caller: no metric series per request (the MongoDB command metrics
 * tag collections, and each report folds into collections of its own), and a bounded number of folds at a time — a
 * request finding them all busy gets {@code 503} with {@code Retry-After} after a short wait. One fold slot and a
 * 200 ms wait here.
 */
@TestPropertySource(properties = {"thidua.as-of.concurrency=1", "thidua.as-of.queue-wait=200ms",
        "thidua.security.requests-per-minute=1000000"})
class AsOfBoundsTest extends SecuredApi {

    static final String BOARD = "/api/v1/reports/key-tasks?movementId=" + TD + "&period=" + PERIOD;
    static final Instant SETTLED = Instant.parse("2024-01-01T00:00:00Z");

    @Autowired
    MeterRegistry meters;
    @Autowired
    AsOfReports reports;

    /** The i-th request: mostly a settled instant of its own (folded, kept, the eldest dropped), every 10th a recent one. */
    HttpResponse<String> asOf(int i) {
        Instant at = i % 10 == 0 ? Instant.now() : SETTLED.plusSeconds(i);
        return get(BOARD + "&asOf=" + at, Role.ANALYST);
    }

    @Test
    void a_thousand_reports_as_of_an_instant_leave_the_number_of_meter_series_unchanged() {
        for (int i = 0; i < 30; i++) { // every kind of command, a kept fold dropped, a recent one: every series there is
            assertThat(asOf(i).statusCode()).isEqualTo(200);
        }
        List<String> before = series();
        for (int i = 30; i < 1_030; i++) {
            HttpResponse<String> r = asOf(i);
            assertThat(r.statusCode()).as("request %d: %s", i, r.body()).isEqualTo(200);
        }
        List<String> after = series();
        assertThat(after).as("no series added by 1,000 reports as of an instant").hasSameSizeAs(before)
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(meters.find("mongodb.driver.commands").tag("collection", "as-of").timers()).as("still measured").isNotEmpty();
        assertThat(meters.getMeters().stream().flatMap(m -> m.getId().getTags().stream()))
                .noneMatch(t -> t.getValue().startsWith(AsOfReports.PREFIX));
    }

    /**
     * Every series of the registry but the JVM's own, which the runtime adds when it first sees, say, a cause of GC
     * pause — not a request.
     */
    List<String> series() {
        return meters.getMeters().stream().map(Meter::getId).filter(id -> !id.getName().startsWith("jvm."))
                .map(id -> id.getName() + id.getTags()).sorted().toList();
    }

    @Test
    void when_every_fold_slot_is_busy_a_report_as_of_an_instant_is_503_with_retry_after_and_then_served() throws Exception {
        CountDownLatch folding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Object> busy = CompletableFuture.supplyAsync(() -> reports.read(TD, Instant.now(),
                List.of(MovementCatalogueProjection.NAME, TaskResultsProjection.NAME), space -> {
                    folding.countDown();
                    try {
                        return finish.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        try {
            assertThat(folding.await(30, TimeUnit.SECONDS)).as("the slot is taken").isTrue();
            HttpResponse<String> refused = asOf(7);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 10L));
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = body(refused);
            assertThat(problem.path("type").asText()).isEqualTo("https://thidua.tuphap.vn/problems/as-of-busy");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(get(BOARD, Role.ANALYST).statusCode()).as("the live board does not wait for folds").isEqualTo(200);
        } finally {
            finish.countDown();
        }
        assertThat(busy.get(30, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(asOf(7).statusCode()).as("served once the slot is free").isEqualTo(200);
    }
}
