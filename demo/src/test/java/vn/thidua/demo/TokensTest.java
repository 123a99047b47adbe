package vn.thidua.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.thidua.security.LocalKeys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each request of the scenario carries the token of its sender: the province admin, or the reporter of its unit. */
class TokensTest {

    private static final Scenario SCENARIO = ScenarioGenerator.generate();

    @TempDir
    Path tmp;

    @Test
    void with_the_local_key_every_sender_gets_a_token_with_its_subject_role_and_unit() {
        Tokens tokens = Tokens.of(LocalKeys.ensure(tmp.resolve("keys")), null, Map.of());
        assertThat(tokens.minting()).isTrue();
        assertThat(tokens.missing(SCENARIO)).isEmpty();

        DemoRequest result = SCENARIO.requests().filter(r -> r.path().endsWith("/results")).findFirst().orElseThrow();
        JsonNode reporter = claims(tokens.authorization(result));
        assertThat(reporter.path("sub").asText()).isEqualTo(result.subject()).isEqualTo(result.unitId().toLowerCase());
        assertThat(reporter.path("roles").get(0).asText()).isEqualTo("UNIT_REPORTER");
        assertThat(reporter.path("unitId").asText()).isEqualTo(result.unitId());
        assertThat(reporter.path("iss").asText()).isEqualTo("thidua-local");

        DemoRequest enrolment = SCENARIO.requests().filter(r -> r.path().endsWith("/enrolments")).findFirst().orElseThrow();
        JsonNode admin = claims(tokens.authorization(enrolment));
        assertThat(admin.path("sub").asText()).isEqualTo(ScenarioGenerator.ADMIN_SUBJECT);
        assertThat(admin.path("roles").get(0).asText()).isEqualTo("PROVINCE_ADMIN");
        assertThat(admin.has("unitId")).isFalse();
        // one token per sender, minted once
        assertThat(tokens.authorization(enrolment)).isEqualTo(tokens.authorization(enrolment));
    }

    @Test
    void without_the_key_only_the_tokens_given_are_sent_and_the_senders_without_one_are_named() {
        Tokens tokens = Tokens.of(tmp.resolve("no-keys"), "Admin.Token.X", Map.of("PTP-213", "Unit.Token.Y"));
        assertThat(tokens.minting()).isFalse();
        assertThat(tokens.missing(SCENARIO)).isNotEmpty().doesNotContain("PROVINCE_ADMIN", "UNIT_REPORTER PTP-213")
                .allSatisfy(sender -> assertThat(sender).startsWith("UNIT_REPORTER "));
        DemoRequest enrolment = SCENARIO.requests().filter(r -> r.path().endsWith("/enrolments")).findFirst().orElseThrow();
        assertThat(tokens.authorization(enrolment)).isEqualTo("Bearer Admin.Token.X");
        DemoRequest ofPtp213 = SCENARIO.requests().filter(r -> "PTP-213".equals(r.unitId())).findFirst().orElseThrow();
        assertThat(tokens.authorization(ofPtp213)).isEqualTo("Bearer Unit.Token.Y");
    }

    @Test
    void the_2026_seasons_senders_get_tokens_naming_their_province_and_a_token_given_serves_none_of_them() {
        Scenario season = Season2026.generate();
        Tokens minting = Tokens.of(LocalKeys.ensure(tmp.resolve("keys")), "Admin.Token.X", Map.of());
        DemoRequest imported = season.requests().filter(r -> r.path().contains("/structure/")).findFirst().orElseThrow();
        assertThat(claims(minting.authorization(imported)).path("provinceCode").asText()).isEqualTo("BTP");
        DemoRequest ofThaiNguyen = season.requests().filter(r -> "19".equals(r.provinceCode()) && r.unitId() != null)
                .findFirst().orElseThrow();
        JsonNode reporter = claims(minting.authorization(ofThaiNguyen));
        assertThat(reporter.path("provinceCode").asText()).isEqualTo("19");
        assertThat(reporter.path("unitId").asText()).isEqualTo(ofThaiNguyen.unitId());
        assertThat(Tokens.of(tmp.resolve("no-keys"), "Admin.Token.X", Map.of()).missing(season))
                .as("a token given names no province").contains("PROVINCE_ADMIN of BTP", "PROVINCE_ADMIN of 24");
        assertThat(DemoLoader.Options.parse(new String[]{"--season", "2026"}).season).isEqualTo("2026");
    }

    @Test
    void the_options_take_the_key_directory_and_tokens() {
        DemoLoader.Options o = DemoLoader.Options.parse(new String[]{"--key-dir", "/tmp/k", "--admin-token", "Bearer a.b.c",
                "--unit-token", "PTP-213=d.e.f"});
        assertThat(o.keyDir).isEqualTo(Path.of("/tmp/k"));
        assertThat(o.adminToken).isEqualTo("a.b.c");
        assertThat(o.unitTokens).containsEntry("PTP-213", "d.e.f");
        assertThat(Tokens.defaultKeyDir(Map.of())).isEqualTo(Path.of("data/keys"));
        assertThat(Tokens.defaultKeyDir(Map.of("THIDUA_DATA_DIR", "/srv/thidua"))).isEqualTo(Path.of("/srv/thidua/keys"));
    }

    private static JsonNode claims(String authorization) {
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring(7).split("\\.")[1];
        return Json.readOrNull(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}
