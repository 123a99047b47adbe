package vn.thidua.query.webapp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;
import vn.thidua.security.SecuritySettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Tokens for the web app's local sign-in page, minted with the local stack's key as {@code ./token.sh} mints them
 * (same issuer, claims and validity). Exists only in the {@code local} profile — the only profile in which the
 * services accept that key — and only where the key directory holds the private key ({@code ./run.sh} creates both).
 */
@Component
@Profile("local")
class LocalSignIn {

    static final Duration VALIDITY = Duration.ofHours(8);
    private static final Logger log = LoggerFactory.getLogger(LocalSignIn.class);
    private final Optional<LocalTokens> tokens;

    LocalSignIn(SecuritySettings security) {
        String keyDir = security.jwt().localKeyDir();
        Path key = keyDir == null || keyDir.isBlank() ? null : Path.of(keyDir).resolve(LocalKeys.PRIVATE);
        this.tokens = key != null && Files.isReadable(key) ? Optional.of(LocalTokens.from(key.getParent())) : Optional.empty();
        if (tokens.isPresent()) {
            log.warn("The web app's LOCAL sign-in is on (profile 'local', key {}): anyone on this machine may sign in as any "
                    + "role; not for production", key);
        }
    }

    boolean available() {
        return tokens.isPresent();
    }

    /**
     * A signed token, and who it names.
     *
     * @param provinceCode the caller's province ({@code 24}) or the Ministry ({@code BTP}); {@code null}: the token has
     *                     no {@code provinceCode} claim and the services read it as one of their first province
     */
    record Minted(String token, String subject, Role role, String unitId, String provinceCode, Instant expiresAt) {
    }

    Minted mint(Role role, String unitId, String provinceCode, String subject) {
        LocalTokens signer = tokens.orElseThrow(() -> new IllegalStateException("no local signing key"));
        String who = subject != null ? subject
                : role.name().toLowerCase(Locale.ROOT) + (unitId == null ? "" : "-" + unitId.toLowerCase(Locale.ROOT));
        return new Minted(signer.mint(who, role, unitId, provinceCode, VALIDITY), who, role, unitId, provinceCode,
                Instant.now().plus(VALIDITY));
    }
}
