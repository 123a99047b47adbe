package vn.thidua.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTokensTest {

    @Test
    void a_minted_token_carries_subject_role_and_unit_and_verifies_with_the_public_key(@TempDir Path dir) {
        LocalKeys.ensure(dir);
        String token = LocalTokens.from(dir).mint("bao-cao-ptp-213", Role.UNIT_REPORTER, "PTP-213", Duration.ofMinutes(5));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(LocalKeys.readPublic(dir.resolve(LocalKeys.PUBLIC))).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(LocalTokens.ISSUER));
        Jwt jwt = decoder.decode(token);
        Principal p = Principal.of(jwt);
        assertThat(p).isEqualTo(new Principal("bao-cao-ptp-213", Role.UNIT_REPORTER, "PTP-213"));
    }

    @Test
    void a_minted_token_names_the_callers_province_or_the_ministry_and_nothing_else(@TempDir Path dir) {
        LocalKeys.ensure(dir);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(LocalKeys.readPublic(dir.resolve(LocalKeys.PUBLIC))).build();
        LocalTokens tokens = LocalTokens.from(dir);
        Principal province = Principal.of(decoder.decode(tokens.mint("a", Role.ANALYST, null, "19", Duration.ofMinutes(5))));
        assertThat(province.provinceCode()).isEqualTo("19");
        assertThat(province.covers("19")).isTrue();
        assertThat(province.covers("24")).isFalse();
        Principal ministry = Principal.of(decoder.decode(tokens.mint("b", Role.ANALYST, null, "BTP", Duration.ofMinutes(5))));
        assertThat(ministry.isMinistry()).isTrue();
        assertThat(ministry.covers("24")).isTrue();
        Principal odd = Principal.of(decoder.decode(tokens.mint("c", Role.ANALYST, null, "24; 19", Duration.ofMinutes(5))));
        assertThat(odd.provinceCode()).as("a claim that names no province acts for none").isNull();
        assertThat(odd.covers("24")).isFalse();
    }

    @Test
    void the_key_pair_is_made_once_and_kept(@TempDir Path dir) throws Exception {
        LocalKeys.ensure(dir);
        String first = Files.readString(dir.resolve(LocalKeys.PUBLIC));
        LocalKeys.ensure(dir);
        assertThat(Files.readString(dir.resolve(LocalKeys.PUBLIC))).isEqualTo(first);
    }

    @Test
    void a_token_of_another_key_or_expired_is_refused(@TempDir Path mine, @TempDir Path theirs) {
        LocalKeys.ensure(mine);
        LocalKeys.ensure(theirs);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(LocalKeys.readPublic(mine.resolve(LocalKeys.PUBLIC))).build();
        String foreign = LocalTokens.from(theirs).mint("x", Role.PROVINCE_ADMIN, null, Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(foreign)).isInstanceOf(JwtException.class);
        String expired = LocalTokens.from(mine).mint("x", Role.PROVINCE_ADMIN, null, Duration.ofMinutes(-5));
        assertThatThrownBy(() -> decoder.decode(expired)).isInstanceOf(JwtException.class);
    }

    @Test
    void without_the_local_key_no_token_is_minted(@TempDir Path empty) {
        assertThatThrownBy(() -> LocalTokens.from(empty)).hasMessageContaining("only for a local stack");
    }
}
