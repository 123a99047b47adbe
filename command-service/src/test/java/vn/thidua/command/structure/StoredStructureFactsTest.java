package vn.thidua.command.structure;

import vn.thidua.reference.StructureVersions;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.Registers;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureVersion;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The structure register's fold: when a kept fold is used without a read, and when the stream is read again. */
class StoredStructureFactsTest {

    private final EmbeddedEventStore store =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private long sequence;

    private void imported(StructureVersion version) {
        store.publish(new GenericDomainEventMessage<>("StructureRegister", StructureRegister.REGISTER_ID, sequence++,
                StructureVersions.event(StructureRegister.REGISTER_ID, version, "0".repeat(64))));
    }

    private static StructureVersion oldBacNinh() {
        return Registers.version("27", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-27-2024-12-01.csv");
    }

    @Test
    void a_fold_checked_within_the_max_age_is_used_without_reading_the_store() {
        StoredStructureFacts facts = new StoredStructureFacts(store, ReferenceData.bacGiang(), Duration.ofHours(1));
        assertThat(facts.current().importedVersions()).isZero();

        imported(oldBacNinh()); // by another instance: this one was not told

        assertThat(facts.current().importedVersions()).isZero();
    }

    @Test
    void after_this_instance_appends_to_the_register_the_next_use_reads_the_store() {
        StoredStructureFacts facts = new StoredStructureFacts(store, ReferenceData.bacGiang(), Duration.ofHours(1));
        facts.current();

        imported(oldBacNinh());
        facts.appended(StructureRegister.REGISTER_ID);

        assertThat(facts.current().importedVersions()).isEqualTo(1);
    }

    @Test
    void an_append_to_another_stream_keeps_the_fold_and_a_zero_max_age_reads_every_time() {
        StoredStructureFacts cached = new StoredStructureFacts(store, ReferenceData.bacGiang(), Duration.ofHours(1));
        StoredStructureFacts uncached = new StoredStructureFacts(store, ReferenceData.bacGiang(), Duration.ZERO);
        cached.current();
        uncached.current();

        imported(oldBacNinh());
        cached.appended("TDTN-2018");

        assertThat(cached.current().importedVersions()).isZero();
        assertThat(uncached.current().importedVersions()).isEqualTo(1);
    }
}
