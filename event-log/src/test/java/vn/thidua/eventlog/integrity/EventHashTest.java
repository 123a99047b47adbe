package vn.thidua.eventlog.integrity;

import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.StoredEvent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventHashTest {

    static final String[] FIELDS = {"Movement", "TD-1", "3", "e-1", "vn.thidua.events.X", "1", "2018-01-01T00:00:00Z",
            "{\"a\":1}", "{\"subject\":\"s\"}", EventHash.GENESIS};

    static String hash(String... f) {
        return EventHash.of(f[0], f[1], Long.parseLong(f[2]), f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
    }

    @Test
    void the_hash_is_stable_and_known() {
        assertThat(hash(FIELDS)).isEqualTo(hash(FIELDS.clone())).hasSize(64).matches("[0-9a-f]{64}");
        // pinned: a change of the encoding must be a new version of the tag, never a silent change
        assertThat(hash(FIELDS)).isEqualTo(PINNED);
    }

    /** Computed independently (Python: struct.pack('>i', len) + UTF-8 bytes per string, '>q' for the sequence). */
    static final String PINNED = "78a6e5bab4b15d71d8710f7aba65af44d7cfb74a3eadf27f8f21a8346a16275b";

    @Test
    void every_field_is_covered() {
        Set<String> hashes = new HashSet<>();
        hashes.add(hash(FIELDS));
        for (int i = 0; i < FIELDS.length; i++) {
            String[] changed = FIELDS.clone();
            changed[i] = i == 2 ? "4" : changed[i] + "x";
            hashes.add(hash(changed));
        }
        assertThat(hashes).as("a different hash for a change in each field").hasSize(FIELDS.length + 1);
    }

    @Test
    void field_boundaries_cannot_shift_and_null_is_not_empty() {
        String[] a = FIELDS.clone();
        a[7] = "{\"a\":1}";
        a[8] = "{}";
        String[] b = FIELDS.clone();
        b[7] = "{\"a\":1}{";
        b[8] = "}";
        assertThat(hash(a)).isNotEqualTo(hash(b));
        String[] nul = FIELDS.clone();
        nul[5] = null;
        String[] empty = FIELDS.clone();
        empty[5] = "";
        assertThat(hash(nul)).isNotEqualTo(hash(empty));
    }

    @Test
    void a_chain_links_each_event_to_the_one_before() {
        List<StoredEvent> events = EventHash.chain("Movement", "TD-1", EventHash.GENESIS, List.of(
                new StoredEvent("e0", 0, "t", "1", "ts", "{}", "{}", null, null),
                new StoredEvent("e1", 1, "t", "1", "ts", "{}", "{}", null, null)));
        assertThat(events.get(0).prevHash()).isEqualTo(EventHash.GENESIS);
        assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
        assertThat(events).allSatisfy(e -> assertThat(EventHash.of("Movement", "TD-1", e)).isEqualTo(e.hash()));
    }
}
