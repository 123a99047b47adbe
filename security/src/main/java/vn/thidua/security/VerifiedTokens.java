package vn.thidua.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link JwtDecoder} that remembers the tokens it verified, so a client sending the same bearer token with every
 * request costs one signature check (RSA, a large share of a service's CPU under load: docs/benchmarks-history.md) per
 * token rather than per request. At most {@code maxEntries} tokens are remembered (Caffeine evicts the least useful
 * first, on the calling thread, so the bound holds after every call). Exactly the same bytes are needed for a hit; a
 * remembered token is used again only while it is inside its own validity ({@code nbf} ≤ now &lt; {@code exp}, without
 * the decoder's clock skew) and for at most {@code maxAge} after it was verified — then it is verified again (a key
 * rotated away at the issuer stops being accepted within {@code maxAge}, as with the decoder's own cache of the
 * issuer's keys). A token that fails is never remembered.
 */
final class VerifiedTokens implements JwtDecoder {

    private record Verified(Jwt jwt, Instant at) {
    }

    private final JwtDecoder decoder;
    private final Clock clock;
    private final Duration maxAge;
    private final Cache<String, Verified> verified;

    VerifiedTokens(JwtDecoder decoder, int maxEntries, Duration maxAge, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
        this.maxAge = maxAge;
        this.verified = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known = verified.getIfPresent(token);
        if (known != null && usable(known, now)) {
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        verified.put(token, new Verified(jwt, now));
        return jwt;
    }

    private boolean usable(Verified known, Instant now) {
        Jwt jwt = known.jwt();
        return now.isBefore(known.at().plus(maxAge))
                && (jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt()))
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
