package vn.thidua.eventlog.envelope;

import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.StoredEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope's bytes on the topic, and their reading by every consumer. */
class EnvelopeCodecTest {

    static final String METADATA = "{\"subject\":\"can-bo-thi-dua\",\"role\":\"UNIT_OFFICER\",\"submissionId\":\"s-7\"}";
    static final String PAYLOAD = "{\"movementId\":\"TDTN-2018\",\"unitId\":\"PTP-213\",\"enrolledOn\":\"2018-02-01\","
            + "\"pledgedTitle\":\"Tập thể lao động xuất sắc\",\"pledges\":\"Hoàn thành 100% chỉ tiêu {\\\"x\\\"}\"}";
    static final String HASH = "9f2c".repeat(16);

    static final Commit ENROLMENT = new Commit(12, "c-12", "Movement", "TDTN-2018", List.of(
            new StoredEvent("e-11", 2, "vn.thidua.events.movement.KeyTaskDefined", "1", "2018-02-01T02:15:29Z",
                    "{\"movementId\":\"TDTN-2018\"}", "{}", "ab".repeat(32), "0".repeat(64)),
            new StoredEvent("5b1c6c1e-7d0e-4a59-9d3e-0f3a8c2b9a11", 3, "vn.thidua.events.movement.UnitEnrolled", "1",
                    "2018-02-01T02:15:30.123456Z", PAYLOAD, METADATA, HASH, "ab".repeat(32))));

    /** What the publisher has written to the topic since the first release (with the hash since tamper evidence). */
    static final String ENROLMENT_ON_THE_TOPIC = "{\"position\":12,\"index\":1,\"eventId\":\"5b1c6c1e-7d0e-4a59-9d3e-0f3a8c2b9a11\","
            + "\"aggregateType\":\"Movement\",\"aggregateId\":\"TDTN-2018\",\"sequence\":3,"
            + "\"type\":\"vn.thidua.events.movement.UnitEnrolled\",\"revision\":\"1\","
            + "\"timestamp\":\"2018-02-01T02:15:30.123456Z\",\"hash\":\"" + HASH + "\","
            + "\"metadata\":" + METADATA + ",\"payload\":" + PAYLOAD + "}";

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_stored_event_is_published_as_the_same_bytes_as_ever() {
        assertThat(EnvelopeCodec.encode(EventEnvelope.of(ENROLMENT, 1))).isEqualTo(utf8(ENROLMENT_ON_THE_TOPIC));
    }

    @Test
    void an_event_stored_before_events_were_hashed_is_published_without_a_hash() {
        EventEnvelope unhashed = new EventEnvelope(12, 1, "e-12", "Movement", "TDTN-2018", 3,
                "vn.thidua.events.movement.UnitEnrolled", "1", "2018-02-01T02:15:30Z", null, "{}", "{\"n\":1}");

        assertThat(utf8(EnvelopeCodec.encode(unhashed))).isEqualTo("{\"position\":12,\"index\":1,\"eventId\":\"e-12\","
                + "\"aggregateType\":\"Movement\",\"aggregateId\":\"TDTN-2018\",\"sequence\":3,"
                + "\"type\":\"vn.thidua.events.movement.UnitEnrolled\",\"revision\":\"1\","
                + "\"timestamp\":\"2018-02-01T02:15:30Z\",\"metadata\":{},\"payload\":{\"n\":1}}");
    }

    @Test
    void an_envelope_reads_back_as_the_envelope_it_was_written_from() throws IOException {
        EventEnvelope hashed = EventEnvelope.of(ENROLMENT, 1);
        EventEnvelope unhashed = new EventEnvelope(1, 0, "e-1", "CommuneSupport", "HT-1", 0, "t.X", null,
                "2018-01-01T00:00:00Z", null, "{ \"a\" : [1, 2.50, {\"b\":null}] }", "{\"target\":12345678901234567.891}");

        for (EventEnvelope e : List.of(hashed, unhashed)) {
            assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(e))).isEqualTo(e);
        }
    }

    @Test
    void payload_and_metadata_read_back_as_the_stored_text_to_the_last_digit_and_character() throws IOException {
        String payload = "{\"indicators\":[{\"target\":12345678901234567.891},{\"target\":100.50},{\"target\":1E+3}],"
                + "\"title\":\"Tiết kiệm \\u0111 } ] \\\" 😀\"}";
        EventEnvelope e = new EventEnvelope(13, 0, "e-13", "Movement", "TDTN-2018", 4, "t.KeyTaskDefined", "1",
                "2018-02-01T02:15:30Z", null, METADATA, payload);

        EventEnvelope read = EnvelopeCodec.decode(EnvelopeCodec.encode(e));

        assertThat(read.payload()).isEqualTo(payload);
        assertThat(read.metadata()).isEqualTo(METADATA);
    }

    @Test
    void an_envelope_of_an_older_writer_without_hash_revision_or_index_reads() throws IOException {
        String older = "{\"position\":7,\"eventId\":\"e-7\",\"aggregateType\":\"Movement\",\"aggregateId\":\"TD-1\","
                + "\"sequence\":0,\"type\":\"vn.thidua.events.movement.MovementRegistered\","
                + "\"timestamp\":\"2018-01-09T02:00:00Z\",\"metadata\":{},\"payload\":{\"movementId\":\"TD-1\"}}";

        assertThat(EnvelopeCodec.decode(utf8(older))).isEqualTo(new EventEnvelope(7, 0, "e-7", "Movement", "TD-1", 0,
                "vn.thidua.events.movement.MovementRegistered", null, "2018-01-09T02:00:00Z", null, "{}",
                "{\"movementId\":\"TD-1\"}"));
    }

    @Test
    void fields_a_newer_writer_added_are_ignored() throws IOException {
        String newer = ENROLMENT_ON_THE_TOPIC.replace("\"metadata\":",
                "\"partitionHint\":{\"nested\":[1,{\"payload\":\"not this one\"}]},\"traceId\":\"t-1\",\"metadata\":");

        assertThat(EnvelopeCodec.decode(utf8(newer))).isEqualTo(EventEnvelope.of(ENROLMENT, 1));
    }

    @Test
    void bytes_that_are_not_an_envelope_are_refused() {
        assertThatThrownBy(() -> EnvelopeCodec.decode(null)).as("a tombstone").isInstanceOf(MalformedEnvelope.class);
        assertThatThrownBy(() -> EnvelopeCodec.decode(new byte[0])).isInstanceOf(MalformedEnvelope.class);
        assertThatThrownBy(() -> EnvelopeCodec.decode(utf8("{}"))).isInstanceOf(MalformedEnvelope.class);
        assertThatThrownBy(() -> EnvelopeCodec.decode(utf8("[1,2,3]"))).isInstanceOf(MalformedEnvelope.class);
        assertThatThrownBy(() -> EnvelopeCodec.decode(utf8("{\"type\":42}"))).isInstanceOf(MalformedEnvelope.class);
        assertThatThrownBy(() -> EnvelopeCodec.decode(utf8("không phải JSON"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> EnvelopeCodec.decode(utf8(ENROLMENT_ON_THE_TOPIC.substring(0, 80))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void an_envelope_without_its_place_in_the_log_is_refused() {
        for (String field : List.of("position", "sequence", "eventId", "aggregateId", "timestamp")) {
            String without = ENROLMENT_ON_THE_TOPIC.replaceFirst("\"" + field + "\":", "\"" + field + "Renamed\":");
            assertThatThrownBy(() -> EnvelopeCodec.decode(utf8(without))).as(field).isInstanceOf(MalformedEnvelope.class);
        }
    }
}
