package vn.thidua.systemtests.support;

import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens of the tests, signed with the local key the services are started with ({@link ServiceProcess}: profile
 * {@code local}, {@code THIDUA_JWT_LOCAL_KEY_DIR} = {@link #keyDir()}). One key for the whole run, generated once
 * under the work directory; one token per caller, minted once.
 */
public final class Tokens {

    /** The subject of the province admin's requests: events and reports name it ({@code registeredBy}). */
    public static final String ADMIN_SUBJECT = "system-test";
    private static final Duration VALIDITY = Duration.ofHours(2);
    private static final Map<String, String> MINTED = new ConcurrentHashMap<>();
    private static LocalTokens signer;

    private Tokens() {
    }

    /** {@code <thidua.work-dir>/keys} (target/system-tests/keys), with a key pair in it. */
    public static synchronized Path keyDir() {
        Path dir = Path.of(System.getProperty("thidua.work-dir", "target/system-tests")).resolve("keys")
                .toAbsolutePath().normalize();
        return LocalKeys.ensure(dir);
    }

    /** PROVINCE_ADMIN, subject {@value #ADMIN_SUBJECT}: the default of every POST. */
    public static String admin() {
        return token(Role.PROVINCE_ADMIN, null, ADMIN_SUBJECT);
    }

    /** The reporter of a unit, subject {@code system-test-ptp-213} for {@code PTP-213}. */
    public static String reporter(String unitId) {
        return token(Role.UNIT_REPORTER, unitId, reporterSubject(unitId));
    }

    public static String reporterSubject(String unitId) {
        return ADMIN_SUBJECT + "-" + unitId.toLowerCase(Locale.ROOT);
    }

    /** ANALYST: the default of every GET except the audit API's. */
    public static String analyst() {
        return token(Role.ANALYST, null, "system-test-analyst");
    }

    /** AUDITOR: the default of the GETs of {@code /api/v1/audit/**}. */
    public static String auditor() {
        return token(Role.AUDITOR, null, "system-test-auditor");
    }

    public static String token(Role role, String unitId, String subject) {
        return token(role, unitId, subject, null);
    }

    /** A caller of a province ({@code 19}) or of the Ministry ({@code BTP}); {@code null}: no claim (province 24). */
    public static String token(Role role, String unitId, String subject, String provinceCode) {
        return MINTED.computeIfAbsent(role + " " + unitId + " " + subject + " " + provinceCode,
                k -> signer().mint(subject, role, unitId, provinceCode, VALIDITY));
    }

    private static synchronized LocalTokens signer() {
        if (signer == null) {
            signer = LocalTokens.from(keyDir());
        }
        return signer;
    }
}
