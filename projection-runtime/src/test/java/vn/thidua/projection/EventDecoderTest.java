package vn.thidua.projection;

import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.projection.testing.EventEnvelopes;
import vn.thidua.projection.testing.MovementHistory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query side's reading of the envelope the command side's publisher writes. */
class EventDecoderTest {

    final EventDecoder decoder = new EventDecoder();

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** One envelope exactly as the publisher writes it ({@code EnvelopeCodec}), payload by the event store's serializer. */
    static final String ENROLMENT = """
            {"position":12,"index":0,"eventId":"5b1c6c1e-7d0e-4a59-9d3e-0f3a8c2b9a11","aggregateType":"Movement",\
            "aggregateId":"TDTN-2018","sequence":3,"type":"vn.thidua.events.movement.UnitEnrolled","revision":"1",\
            "timestamp":"2018-02-01T02:15:30.123456Z","metadata":{"subject":"can-bo-thi-dua","role":"UNIT_OFFICER"},\
            "payload":{"movementId":"TDTN-2018","unitId":"PTP-213","enrolledOn":"2018-02-01",\
            "pledgedTitle":"Tập thể lao động xuất sắc","pledges":"Hoàn thành 100% chỉ tiêu"}}""";

    @Test
    void an_envelope_of_the_command_side_reads_with_every_field() throws IOException {
        DomainEvent e = decoder.decode(utf8(ENROLMENT)).orElseThrow();

        assertThat(e.position()).isEqualTo(12);
        assertThat(e.index()).isZero();
        assertThat(e.eventId()).isEqualTo("5b1c6c1e-7d0e-4a59-9d3e-0f3a8c2b9a11");
        assertThat(e.aggregateType()).isEqualTo("Movement");
        assertThat(e.aggregateId()).isEqualTo("TDTN-2018");
        assertThat(e.sequence()).isEqualTo(3);
        assertThat(e.timestamp()).hasToString("2018-02-01T02:15:30.123456Z");
        assertThat(e.metadata()).containsEntry("subject", "can-bo-thi-dua").containsEntry("role", "UNIT_OFFICER");
        assertThat(e.payload()).isEqualTo(new UnitEnrolled("TDTN-2018", "PTP-213", LocalDate.of(2018, 2, 1),
                "Tập thể lao động xuất sắc", "Hoàn thành 100% chỉ tiêu"));
    }

    @Test
    void the_test_envelopes_are_read_back_into_the_events_they_were_made_from() throws IOException {
        List<DomainEvent> history = MovementHistory.generated("PT-1", "Thi đua năm 2018", MovementKind.ANNUAL, 2, true);

        for (DomainEvent e : history) {
            assertThat(decoder.decode(EventEnvelopes.encode(e))).contains(e);
        }
    }

    @Test
    void an_indicator_target_keeps_every_digit_it_was_written_with() throws IOException {
        String keyTask = """
                {"position":13,"index":0,"eventId":"e-13","aggregateType":"Movement","aggregateId":"TDTN-2018",\
                "sequence":4,"type":"vn.thidua.events.movement.KeyTaskDefined","revision":"1",\
                "timestamp":"2018-02-01T02:15:30Z","metadata":{},"payload":{"movementId":"TDTN-2018","taskNo":1,\
                "title":"Tiết kiệm ngân sách","indicators":[{"code":"TK1","name":"Số tiền tiết kiệm","unitOfMeasure":"đồng",\
                "target":12345678901234567.891},{"code":"TK2","name":"Tỷ lệ","unitOfMeasure":"%","target":0.1},\
                {"code":"TK3","name":"Tỷ lệ","unitOfMeasure":"%","target":100.50}]}}""";

        var task = (KeyTaskDefined) decoder.decode(utf8(keyTask)).orElseThrow().payload();

        assertThat(task.indicators()).extracting(i -> i.target().toPlainString())
                .containsExactly("12345678901234567.891", "0.1", "100.50");
    }

    @Test
    void a_field_a_newer_writer_added_to_the_payload_is_ignored() throws IOException {
        String newer = ENROLMENT.replace("\"pledges\":", "\"pledgedOn\":\"2018-01-31\",\"pledges\":");

        assertThat(decoder.decode(utf8(newer))).hasValueSatisfying(e ->
                assertThat(e.payload()).isInstanceOf(UnitEnrolled.class));
    }

    @Test
    void an_event_type_this_version_does_not_know_is_left_out() throws IOException {
        String unknown = ENROLMENT.replace("vn.thidua.events.movement.UnitEnrolled", "vn.thidua.events.future.NotYetDefined");

        assertThat(decoder.decode(utf8(unknown))).isEmpty();
    }

    @Test
    void a_record_that_is_not_json_is_unreadable() {
        assertThatThrownBy(() -> decoder.decode(utf8("không phải JSON"))).isInstanceOf(IOException.class);
    }

    @Test
    void a_payload_that_does_not_fit_its_type_is_unreadable() {
        String wrongKind = ENROLMENT.replace("\"enrolledOn\":\"2018-02-01\"", "\"enrolledOn\":\"mùng 1 tháng 2\"");

        assertThatThrownBy(() -> decoder.decode(utf8(wrongKind))).isInstanceOf(IOException.class);
    }

    @Test
    void an_envelope_without_its_payload_is_unreadable_not_an_event_without_content() {
        String noPayload = ENROLMENT.substring(0, ENROLMENT.indexOf(",\"payload\"")) + "}";

        assertThatThrownBy(() -> decoder.decode(utf8(noPayload))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decoder.decode(utf8(noPayload.replace("}}", "},\"payload\":null}"))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void json_that_is_not_an_envelope_is_unreadable_not_an_unknown_type() {
        assertThatThrownBy(() -> decoder.decode(utf8("{}"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decoder.decode(utf8("[1,2,3]"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decoder.decode(null)).as("a tombstone").isInstanceOf(IOException.class);
    }
}
