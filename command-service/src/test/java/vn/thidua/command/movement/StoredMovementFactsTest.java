package vn.thidua.command.movement;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Movement facts cached by version: when a cached view is used without a read, and when it is read again. */
class StoredMovementFactsTest {

    private static final String MOVEMENT = "TDTN-2026";

    private EmbeddedEventStore store;
    private long sequence;

    @BeforeEach
    void registerAMovementWithOneUnit() {
        store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        sequence = 0;
        append(new MovementRegistered(MOVEMENT, "Phong trào thi đua 2026", MovementKind.ANNUAL,
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), null, List.of()));
        enrol("PTP-213");
    }

    @Test
    void a_view_checked_within_the_max_age_is_used_without_reading_the_store() {
        StoredMovementFacts facts = new StoredMovementFacts(store, 100, Duration.ofHours(1));
        assertThat(facts.movement(MOVEMENT).orElseThrow().enrolledUnits()).containsExactly("PTP-213");

        enrol("PTP-214"); // by another instance: this one was not told

        assertThat(facts.movement(MOVEMENT).orElseThrow().enrolledUnits()).containsExactly("PTP-213");
    }

    @Test
    void after_this_instance_appends_to_the_movement_the_next_use_reads_the_store() {
        StoredMovementFacts facts = new StoredMovementFacts(store, 100, Duration.ofHours(1));
        facts.movement(MOVEMENT);

        enrol("PTP-214");
        facts.appended("Movement", MOVEMENT);

        MovementView view = facts.movement(MOVEMENT).orElseThrow();
        assertThat(view.enrolledUnits()).containsExactlyInAnyOrder("PTP-213", "PTP-214");
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void an_append_to_another_aggregate_keeps_the_cached_view() {
        StoredMovementFacts facts = new StoredMovementFacts(store, 100, Duration.ofHours(1));
        facts.movement(MOVEMENT);

        enrol("PTP-214");
        facts.appended("TaskResult", MOVEMENT);

        assertThat(facts.movement(MOVEMENT).orElseThrow().enrolledUnits()).containsExactly("PTP-213");
    }

    @Test
    void a_view_past_the_max_age_is_brought_up_to_date_in_the_background() {
        StoredMovementFacts facts = new StoredMovementFacts(store, 100, Duration.ofMillis(50));
        facts.movement(MOVEMENT);

        enrol("PTP-214"); // by another instance

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).untilAsserted(() ->
                assertThat(facts.movement(MOVEMENT).orElseThrow().enrolledUnits()).contains("PTP-214"));
        facts.stop();
    }

    @Test
    void with_a_max_age_of_zero_every_use_reads_the_store() {
        StoredMovementFacts facts = new StoredMovementFacts(store, 100, Duration.ZERO);
        facts.movement(MOVEMENT);

        enrol("PTP-214");

        assertThat(facts.movement(MOVEMENT).orElseThrow().enrolledUnits()).containsExactlyInAnyOrder("PTP-213", "PTP-214");
    }

    @Test
    void a_movement_not_found_is_looked_up_again_at_the_next_use() {
        StoredMovementFacts facts = new StoredMovementFacts(store, 100, Duration.ofHours(1));
        assertThat(facts.movement("TDTN-2027")).isEmpty();

        store.publish(new GenericDomainEventMessage<>("Movement", "TDTN-2027", 0, new MovementRegistered("TDTN-2027",
                "Phong trào thi đua 2027", MovementKind.ANNUAL, LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31), null,
                List.of())));

        assertThat(facts.movement("TDTN-2027")).isPresent();
    }

    private void enrol(String unit) {
        append(new UnitEnrolled(MOVEMENT, unit, LocalDate.of(2026, 2, 1), null, null));
    }

    private void append(Object payload) {
        store.publish(new GenericDomainEventMessage<>("Movement", MOVEMENT, sequence++, payload));
    }
}
