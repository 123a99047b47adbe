package vn.thidua.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints bearer tokens with the local signing key: for development, tests, the demo loader and benchmarks. Refuses
 * without the key (which exists only where the local stack created it).
 * <p>
 * {@code java -cp … vn.thidua.security.LocalTokens <key dir> <ROLE> [unitId] [subject] [--province <code>]} prints one
 * token; {@code --province} names the caller's province ({@code 24}) or the Ministry ({@code BTP}); without it the
 * token has no {@code provinceCode} claim and the services read it as one of their default province.
 */
public final class LocalTokens {

    public static final String ISSUER = "thidua-local";
    private final RSAPrivateKey key;

    public LocalTokens(RSAPrivateKey key) {
        this.key = key;
    }

    public static LocalTokens from(Path keyDirectory) {
        Path file = keyDirectory.resolve(LocalKeys.PRIVATE);
        if (!java.nio.file.Files.exists(file)) {
            throw new IllegalStateException("No local signing key at " + file
                    + ": tokens are minted only for a local stack (./run.sh creates the key on first start)");
        }
        return new LocalTokens(LocalKeys.readPrivate(file));
    }

    public String mint(String subject, Role role, String unitId, Duration validity) {
        return mint(subject, role, unitId, null, validity);
    }

    /** A token of a province ({@code 24}) or of the Ministry ({@code BTP}); {@code null}: no {@code provinceCode} claim. */
    public String mint(String subject, Role role, String unitId, String provinceCode, Duration validity) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .claim(Principal.ROLES_CLAIM, List.of(role.name()));
        if (unitId != null) {
            claims.claim(Principal.UNIT_CLAIM, unitId);
        }
        if (provinceCode != null) {
            claims.claim(Principal.PROVINCE_CLAIM, provinceCode);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] arguments) {
        java.util.List<String> list = new java.util.ArrayList<>(java.util.Arrays.asList(arguments));
        String province = null;
        int option = list.indexOf("--province");
        if (option >= 0) {
            if (option + 1 >= list.size() || !list.get(option + 1).matches(Principal.SCOPE_PATTERN)) {
                System.err.println("--province takes a 2-digit province code (e.g. 24) or " + Principal.MINISTRY);
                System.exit(2);
            }
            province = list.get(option + 1);
            list.subList(option, option + 2).clear();
        }
        String[] args = list.toArray(String[]::new);
        if (args.length < 2) {
            System.err.println("usage: LocalTokens <key dir> <PROVINCE_ADMIN|UNIT_REPORTER|ANALYST|AUDITOR|OPERATOR> [unitId] [subject]"
                    + " [--province <code>|BTP]");
            System.exit(2);
        }
        Role role;
        try {
            role = Role.valueOf(args[1]);
        } catch (IllegalArgumentException e) {
            System.err.println("Unknown role " + args[1] + "; one of " + java.util.Arrays.toString(Role.values()));
            System.exit(2);
            return;
        }
        String unit = args.length > 2 && !args[2].isBlank() ? args[2] : null;
        if (role == Role.UNIT_REPORTER && unit == null) {
            System.err.println("A UNIT_REPORTER token names its unit, e.g. PTP-213");
            System.exit(2);
        }
        String subject = args.length > 3 ? args[3] : (role.name().toLowerCase() + (unit == null ? "" : "-" + unit.toLowerCase()));
        System.out.println(from(Path.of(args[0])).mint(subject, role, unit, province, Duration.ofHours(8)));
    }
}
