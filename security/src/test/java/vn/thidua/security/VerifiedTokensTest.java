package vn.thidua.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    /** Stands in for the signature check: counts calls; "bad" tokens fail; a token expires 10 min after T0. */
    private static final class CountingDecoder implements JwtDecoder {
        final AtomicInteger calls = new AtomicInteger();
        Instant now = T0;

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            Instant exp = T0.plus(Duration.ofMinutes(10));
            if (token.startsWith("bad") || !now.isBefore(exp)) {
                throw new JwtException("invalid: " + token);
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject(token).issuedAt(T0).notBefore(T0)
                    .expiresAt(exp).build();
        }
    }

    private static final class MovableClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final CountingDecoder decoder = new CountingDecoder();
    private final MovableClock clock = new MovableClock();
    private final VerifiedTokens tokens = new VerifiedTokens(decoder, 2, Duration.ofMinutes(5), clock);

    private void at(Duration later) {
        clock.now = T0.plus(later);
        decoder.now = clock.now;
    }

    @Test
    void the_same_token_is_verified_once_while_it_is_valid() {
        assertThat(tokens.decode("a").getSubject()).isEqualTo("a");
        at(Duration.ofMinutes(4));
        assertThat(tokens.decode("a").getSubject()).isEqualTo("a");
        assertThat(decoder.calls).hasValue(1);
        tokens.decode("b");
        assertThat(decoder.calls).hasValue(2);
    }

    @Test
    void a_token_is_verified_again_after_max_age_and_refused_once_expired() {
        tokens.decode("a");
        at(Duration.ofMinutes(6)); // past the 5-minute max age: checked again (still valid)
        tokens.decode("a");
        assertThat(decoder.calls).hasValue(2);
        at(Duration.ofMinutes(10)); // expired: not served from memory, and the decoder refuses it
        assertThatThrownBy(() -> tokens.decode("a")).isInstanceOf(JwtException.class);
        assertThat(decoder.calls).hasValue(3);
    }

    @Test
    void a_failed_token_is_never_remembered_and_the_memory_is_bounded() {
        assertThatThrownBy(() -> tokens.decode("bad")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> tokens.decode("bad")).isInstanceOf(JwtException.class);
        assertThat(decoder.calls).hasValue(2);
        tokens.decode("a");
        tokens.decode("b");
        tokens.decode("c");
        assertThat(decoder.calls).hasValue(5);
        tokens.decode("a");
        tokens.decode("b");
        tokens.decode("c");
        assertThat(decoder.calls).as("at most 2 of the 3 tokens were remembered").hasValueGreaterThanOrEqualTo(6);
    }
}
