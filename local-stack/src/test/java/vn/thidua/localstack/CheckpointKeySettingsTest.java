package vn.thidua.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack gives command-service its own checkpoint signing key (ADR 0014), unless the operator names one. */
class CheckpointKeySettingsTest {

    @Test
    void command_service_gets_the_local_key_under_data_keys_created_on_first_start() {
        LocalStack.Options options = LocalStack.Options.parse(new String[0], Map.of());

        assertThat(LocalStack.checkpointKeySettings("command-service", Path.of("/srv/thidua"), options)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "THIDUA_CHECKPOINT_SIGNING_KEY", "/srv/thidua/keys/checkpoint-signing.pem",
                "THIDUA_CHECKPOINT_GENERATE_KEY", "true"));
        assertThat(LocalStack.checkpointKeySettings("query-service", Path.of("/srv/thidua"), options)).isEmpty();
    }

    @Test
    void a_key_named_in_the_environment_is_left_to_the_service() {
        LocalStack.Options options = LocalStack.Options.parse(new String[0],
                Map.of("THIDUA_CHECKPOINT_SIGNING_KEY", "/run/secrets/checkpoint.pem"));

        assertThat(LocalStack.checkpointKeySettings("command-service", Path.of("/srv/thidua"), options)).isEmpty();
    }
}
