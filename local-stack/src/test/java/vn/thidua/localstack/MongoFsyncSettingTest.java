package vn.thidua.localstack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** THIDUA_MONGO_FSYNC: the embedded store fsyncs every group commit unless told off (ADR 0013). */
class MongoFsyncSettingTest {

    @Test
    void the_store_fsyncs_unless_THIDUA_MONGO_FSYNC_is_off() {
        assertThat(LocalStack.Options.parse(new String[0], Map.of()).mongoFsync).isTrue();
        assertThat(LocalStack.Options.parse(new String[0], Map.of("THIDUA_MONGO_FSYNC", "off")).mongoFsync).isFalse();
        assertThat(LocalStack.Options.parse(new String[0], Map.of("THIDUA_MONGO_FSYNC", "FALSE")).mongoFsync).isFalse();
        assertThat(LocalStack.Options.parse(new String[0], Map.of("THIDUA_MONGO_FSYNC", "on")).mongoFsync).isTrue();
    }

    @Test
    void a_value_that_is_neither_on_nor_off_stops_the_launcher_before_it_starts_anything() {
        assertThatThrownBy(() -> LocalStack.Options.parse(new String[0], Map.of("THIDUA_MONGO_FSYNC", "yes please")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("THIDUA_MONGO_FSYNC");
    }
}
