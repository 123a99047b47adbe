package vn.thidua.query.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens for the tests, as the local stack mints them: one RSA key pair per test JVM (a temporary key
 * directory), which the services accept in the {@code local} profile ({@link #PROFILE}, {@link #register}).
 */
public final class TestTokens {

    /** The Spring profile in which a service trusts the local key. */
    public static final String PROFILE = "local";
    /** The unit of the reporter tokens unless another is named: Phòng Tư pháp thành phố Bắc Giang. */
    public static final String UNIT = "PTP-213";
    public static final Duration VALIDITY = Duration.ofHours(1);

    private static Path keyDir;
    private static LocalTokens tokens;
    private static final Map<String, String> MINTED = new ConcurrentHashMap<>();

    private TestTokens() {
    }

    /** The key directory of this JVM, with a key pair generated on first use. */
    public static synchronized Path keyDir() {
        if (keyDir == null) {
            try {
                Path dir = Files.createTempDirectory("thidua-query-test-keys");
                dir.toFile().deleteOnExit();
                keyDir = LocalKeys.ensure(dir);
                tokens = LocalTokens.from(keyDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keyDir;
    }

    /** The properties that make a service accept these tokens, for {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("thidua.security.jwt.local-key-dir", () -> keyDir().toString());
    }

    /** The same as command-line arguments of {@code SpringApplication.run}. */
    public static List<String> arguments() {
        return List.of("--spring.profiles.active=" + PROFILE, "--thidua.security.jwt.local-key-dir=" + keyDir());
    }

    public static String mint(String subject, Role role, String unitId, Duration validity) {
        keyDir();
        return tokens.mint(subject, role, unitId, validity);
    }

    /** A token of the role; a {@code UNIT_REPORTER} of {@link #UNIT}. */
    public static String token(Role role) {
        return token(role, role == Role.UNIT_REPORTER ? UNIT : null);
    }

    /** A token of the role and unit, subject {@code test-<role>[-<unit>]} (minted once per JVM, valid an hour). */
    public static String token(Role role, String unitId) {
        String subject = subject(role, unitId);
        return MINTED.computeIfAbsent(subject, s -> mint(s, role, unitId, VALIDITY));
    }

    /** A token of the role and unit that names its province ({@code 19}) or the Ministry ({@code BTP}). */
    public static String token(Role role, String unitId, String provinceCode) {
        String subject = subject(role, unitId) + "-" + provinceCode.toLowerCase();
        return MINTED.computeIfAbsent(subject, s -> {
            keyDir();
            return tokens.mint(s, role, unitId, provinceCode, VALIDITY);
        });
    }

    public static String subject(Role role, String unitId) {
        return "test-" + role.name().toLowerCase() + (unitId == null ? "" : "-" + unitId.toLowerCase());
    }

    /** The {@code Authorization} header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
