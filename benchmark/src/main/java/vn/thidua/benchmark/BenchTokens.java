package vn.thidua.benchmark;

import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The benchmark's bearer tokens: a {@code PROVINCE_ADMIN} token per load client (its own subject, as separate users
 * would be: one caller's rate-limit bucket is not shared by the whole load), a {@code UNIT_REPORTER} token per unit for
 * the results load ({@code RecordTaskResult} is a reporter's command, for its own unit only: a PROVINCE_ADMIN gets
 * 403), an {@code ANALYST} token for the freshness probe's reads and an {@code OPERATOR} token for the metrics probe
 * (metrics are the operators'). Minted with the stack's local key ({@code DATA/keys}, created by the launcher), or given ({@code --admin-token},
 * {@code --analyst-token}) for a running stack with another issuer; reporter tokens are always minted.
 */
final class BenchTokens {

    /** Longer than the longest run (90 min of loading at most, plus measurements and drains). */
    static final Duration VALIDITY = Duration.ofHours(12);

    private final LocalTokens local;
    private final String givenAdmin;
    private final String givenAnalyst;

    private BenchTokens(LocalTokens local, String givenAdmin, String givenAnalyst) {
        this.local = local;
        this.givenAdmin = givenAdmin;
        this.givenAnalyst = givenAnalyst;
    }

    /**
     * Tokens given on the command line, the others minted with the key in {@code keyDir}.
     *
     * @throws IllegalStateException when one is neither given nor can be minted (no key there)
     */
    static BenchTokens of(Path keyDir, String givenAdmin, String givenAnalyst) {
        LocalTokens local;
        try {
            local = LocalTokens.from(keyDir);
        } catch (IllegalStateException e) {
            if (givenAdmin == null || givenAnalyst == null) {
                throw e;
            }
            local = null; // both given: only the results load's reporter tokens would need the key
        }
        return new BenchTokens(local, givenAdmin, givenAnalyst);
    }

    /** A PROVINCE_ADMIN token for {@code subject} (the given one, whatever the subject, if any). */
    String admin(String subject) {
        return givenAdmin != null ? givenAdmin : local.mint(subject, Role.PROVINCE_ADMIN, null, VALIDITY);
    }

    /** A UNIT_REPORTER token of {@code unitId} (subject {@code bench-reporter-<unit>}): always minted. */
    String reporter(String unitId) {
        if (local == null) {
            throw new IllegalStateException("the results load records as each unit's UNIT_REPORTER: its tokens are minted with"
                    + " the stack's local key (--key-dir), which is not there; with given tokens only, use --load enrol");
        }
        return local.mint("bench-reporter-" + unitId, Role.UNIT_REPORTER, unitId, VALIDITY);
    }

    /**
     * An OPERATOR token for the metrics probe (the management endpoints are the operators'): minted with the local key,
     * else the given admin token — whose metrics reads a foreign stack refuses (the probe then shows them as unknown).
     */
    String operator(String subject) {
        return local != null ? local.mint(subject, Role.OPERATOR, null, VALIDITY) : givenAdmin;
    }

    String analyst() {
        return givenAnalyst != null ? givenAnalyst : local.mint("bench-freshness-probe", Role.ANALYST, null, VALIDITY);
    }
}
