package vn.thidua.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens minted before provinces were tenants carry no province: they act for the configured default province. */
class DefaultProvinceTest {

    static Jwt token(String province) {
        Jwt.Builder b = Jwt.withTokenValue("t").header("alg", "RS256").subject("analyst")
                .issuedAt(Instant.parse("2026-01-05T00:00:00Z")).expiresAt(Instant.parse("2026-01-05T08:00:00Z"))
                .claim(Principal.ROLES_CLAIM, List.of("ANALYST"));
        return province == null ? b.build() : b.claim(Principal.PROVINCE_CLAIM, province).build();
    }

    static Principal principal(String defaultProvince, Jwt jwt) {
        JwtAuthenticationToken authentication = (JwtAuthenticationToken) ThiduaSecurityConfiguration.tokens(defaultProvince).convert(jwt);
        assertThat(authentication.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ANALYST");
        return Principal.of(authentication.getToken());
    }

    @Test
    void a_token_without_a_province_acts_for_the_default_province() {
        assertThat(principal("24", token(null)).provinceCode()).isEqualTo("24");
    }

    @Test
    void a_token_naming_its_province_keeps_it_whatever_the_default() {
        assertThat(principal("24", token("19")).provinceCode()).isEqualTo("19");
        assertThat(principal("24", token("BTP")).isMinistry()).isTrue();
    }

    @Test
    void without_a_default_a_token_without_a_province_acts_for_none() {
        Principal p = principal(null, token(null));
        assertThat(p.provinceCode()).isNull();
        assertThat(p.covers("24")).isFalse();
    }

    @Test
    void a_default_that_is_no_province_is_refused_at_start() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SecuritySettings(null, null, null, null, null, "Bắc Giang"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default-province");
    }
}
