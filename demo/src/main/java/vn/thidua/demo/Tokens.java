package vn.thidua.demo;

import vn.thidua.security.LocalKeys;
import vn.thidua.security.LocalTokens;
import vn.thidua.security.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens of the scenario's senders: the province admin for its acts, and a {@code UNIT_REPORTER} per unit
 * (token {@code unitId} = the unit) for its own results and activities. A token given on the command line
 * ({@code --admin-token}, {@code --unit-token UNIT=TOKEN}) is used as is; any other is minted, once per sender, with
 * the local stack's signing key ({@code --key-dir}, default {@code $THIDUA_DATA_DIR/keys} or {@code ./data/keys}),
 * for the subject the scenario names ({@code vp-thi-dua}, {@code ptp-213} …).
 */
final class Tokens {

    /** Long enough for a slow (rate-limited) load of the whole scenario. */
    static final Duration VALIDITY = Duration.ofHours(2);

    private final Path keyDir;
    private final LocalTokens local;
    private final String adminToken;
    private final Map<String, String> unitTokens;
    private final Map<String, String> minted = new ConcurrentHashMap<>();

    private Tokens(Path keyDir, LocalTokens local, String adminToken, Map<String, String> unitTokens) {
        this.keyDir = keyDir;
        this.local = local;
        this.adminToken = adminToken;
        this.unitTokens = Map.copyOf(unitTokens);
    }

    /** Tokens from the options; the key is read only if it exists (the ones given may be all that is needed). */
    static Tokens of(Path keyDir, String adminToken, Map<String, String> unitTokens) {
        LocalTokens local = Files.isRegularFile(keyDir.resolve(LocalKeys.PRIVATE)) ? LocalTokens.from(keyDir) : null;
        return new Tokens(keyDir, local, adminToken, unitTokens);
    }

    /** {@code $THIDUA_DATA_DIR/keys}, or {@code ./data/keys}: where {@code ./run.sh} creates the key. */
    static Path defaultKeyDir(Map<String, String> env) {
        String data = env.get("THIDUA_DATA_DIR");
        return Path.of(data == null || data.isBlank() ? "data" : data).resolve("keys");
    }

    /** The {@code Authorization} header value for a request of the scenario. */
    String authorization(DemoRequest request) {
        return "Bearer " + token(request);
    }

    private String token(DemoRequest request) {
        boolean reporter = DemoRequest.UNIT_REPORTER.equals(request.role());
        // a token given names no province: it serves the senders of the stack's default province only
        String given = request.provinceCode() != null ? null : reporter ? unitTokens.get(request.unitId()) : adminToken;
        if (given != null) {
            return given;
        }
        if (local == null) {
            throw new IllegalStateException("no token for " + sender(request)); // checked before sending: see missing()
        }
        return minted.computeIfAbsent(request.role() + " " + request.unitId() + " " + request.subject() + " " + request.provinceCode(),
                k -> local.mint(request.subject(), Role.valueOf(request.role()), reporter ? request.unitId() : null,
                        request.provinceCode(), VALIDITY));
    }

    /** The senders of the scenario that have no token: none given and no key to mint one. Empty when all can send. */
    Set<String> missing(Scenario scenario) {
        Set<String> missing = new TreeSet<>();
        if (local == null) {
            scenario.requests().forEach(r -> {
                boolean reporter = DemoRequest.UNIT_REPORTER.equals(r.role());
                if (r.provinceCode() != null || (reporter ? !unitTokens.containsKey(r.unitId()) : adminToken == null)) {
                    missing.add(sender(r));
                }
            });
        }
        return missing;
    }

    Path keyDir() {
        return keyDir;
    }

    boolean minting() {
        return local != null;
    }

    private static String sender(DemoRequest r) {
        return (DemoRequest.UNIT_REPORTER.equals(r.role()) ? "UNIT_REPORTER " + r.unitId() : r.role())
                + (r.provinceCode() == null ? "" : " of " + r.provinceCode());
    }
}
