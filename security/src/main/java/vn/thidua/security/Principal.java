package vn.thidua.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.List;
import java.util.Optional;

/**
 * Who is calling, from the bearer token: {@code sub}, the first of {@code roles}, {@code unitId} and {@code provinceCode}.
 *
 * @param unitId       the caller's unit; always present for a {@link Role#UNIT_REPORTER}
 * @param provinceCode where the caller acts: a province's GSO code ({@code 24}), or {@link #MINISTRY} for the Ministry
 *                     of Justice, which reads every province; {@code null} when the token names none (and the service
 *                     has no default province) or names something else: such a caller acts on no province's data
 */
public record Principal(String subject, Role role, String unitId, String provinceCode) {

    public static final String ROLES_CLAIM = "roles";
    public static final String UNIT_CLAIM = "unitId";
    /** The claim naming the caller's province ({@code 24}) or the Ministry ({@code BTP}). */
    public static final String PROVINCE_CLAIM = "provinceCode";
    /** The scope of the Ministry of Justice (Bộ Tư pháp): sector-wide movements, every province's data. */
    public static final String MINISTRY = "BTP";
    /** What a {@code provinceCode} claim may hold: a 2-digit GSO province code or {@link #MINISTRY}. */
    public static final String SCOPE_PATTERN = "\\d{2}|" + MINISTRY;

    /** The caller as the tests and older tokens knew it: no province named. */
    public Principal(String subject, Role role, String unitId) {
        this(subject, role, unitId, null);
    }

    public boolean is(Role r) {
        return role == r;
    }

    /** The Ministry's scope: every province. */
    public boolean isMinistry() {
        return MINISTRY.equals(provinceCode);
    }

    /** Whether the caller's scope covers data of this province (or of the Ministry's own movements). */
    public boolean covers(String province) {
        return isMinistry() || (provinceCode != null && provinceCode.equals(province));
    }

    /** The caller of the current request, if it presented a valid token. */
    public static Optional<Principal> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(of(token.getToken()));
        }
        return Optional.empty();
    }

    public static Principal of(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        Role role = roles == null ? null : roles.stream().map(Principal::role).filter(r -> r != null).findFirst().orElse(null);
        String province = jwt.getClaimAsString(PROVINCE_CLAIM);
        return new Principal(jwt.getSubject(), role, jwt.getClaimAsString(UNIT_CLAIM),
                province != null && province.matches(SCOPE_PATTERN) ? province : null);
    }

    private static Role role(String name) {
        try {
            return Role.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
