package vn.thidua.command.testing;

import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer tokens for the tests: a local key pair made once per test JVM; services under test run in the {@code local}
 * profile with {@link #keyDirectory()}.
 */
public final class TestTokens {

    private static Path keys;

    private TestTokens() {
    }

    public static synchronized Path keyDirectory() {
        if (keys == null) {
            try {
                keys = LocalKeys.ensure(Files.createTempDirectory("thidua-test-keys-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    public static String token(String subject, Role role, String unitId) {
        return token(subject, role, unitId, null);
    }

    /** A token of a province ({@code 19}) or of the Ministry ({@code BTP}); {@code null}: no claim (the default, 24). */
    public static String token(String subject, Role role, String unitId, String provinceCode) {
        return LocalTokens.from(keyDirectory()).mint(subject, role, unitId, provinceCode, Duration.ofHours(1));
    }

    /**
     * The tests describe a caller as {@code X-Subject} / {@code X-Role} / {@code X-Unit-Id} / {@code X-Province} entries;
     * on the wire that is a bearer token. The other entries (Idempotency-Key, X-Correlation-Id …) stay headers.
     */
    public static Map<String, String> asBearer(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>(headers);
        String role = out.remove("X-Role");
        String subject = out.remove("X-Subject");
        String unit = out.remove("X-Unit-Id");
        String province = out.remove("X-Province");
        if (role != null) {
            out.put("Authorization", "Bearer " + token(subject == null ? "test" : subject, Role.valueOf(role), unit, province));
        }
        return out;
    }
}
