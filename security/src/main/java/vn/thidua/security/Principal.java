package vn.thidua.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.List;
import java.util.Optional;

/**
 * Who is calling, from the bearer token: {@code sub}, the first of {@code roles}, and {@code unitId}.
 *
 * @param unitId the caller's unit; always present for a {@link Role#UNIT_REPORTER}
 */
public record Principal(String subject, Role role, String unitId) {

    public static final String ROLES_CLAIM = "roles";
    public static final String UNIT_CLAIM = "unitId";

    public boolean is(Role r) {
        return role == r;
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
        return new Principal(jwt.getSubject(), role, jwt.getClaimAsString(UNIT_CLAIM));
    }

    private static Role role(String name) {
        try {
            return Role.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
