package vn.thidua.query.access;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.thidua.security.Principal;
import vn.thidua.security.Role;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may read what (docs/product.md, "Who uses it"), least privilege. The role checks are {@code @PreAuthorize} expressions on every
 * handler ({@link #ANY_ROLE}, {@link #AUDITOR}); the unit of a {@code UNIT_REPORTER} is checked on the objects a
 * query returns by {@link #unitScope}: its queries of unit-specific data are narrowed to its own unit, and asking for
 * another unit is refused ({@code 403}), never answered with an empty page. The province of every caller is checked
 * the same way by {@link #provinceScope} and {@link #movementIsVisible}: a province's callers read their own province's
 * movements, units and communes (and their own rows of the Ministry's sector-wide movements), the Ministry's
 * ({@code provinceCode} {@code BTP}) every province's.
 */
public final class Access {

    /** Reports and exports: every role reads them ({@code UNIT_REPORTER} only its own unit's rows). */
    public static final String ANY_ROLE = "hasAnyRole('PROVINCE_ADMIN', 'UNIT_REPORTER', 'ANALYST', 'AUDITOR')";
    /** The event history: inspection only. */
    public static final String AUDITOR = "hasRole('AUDITOR')";

    /** Roles that read every unit's data; a token with one of them is not narrowed to a unit. */
    private static final Set<String> PROVINCE_WIDE = Set.of("ROLE_" + Role.PROVINCE_ADMIN, "ROLE_" + Role.ANALYST,
            "ROLE_" + Role.AUDITOR);
    private static final String REPORTER = "ROLE_" + Role.UNIT_REPORTER;

    private Access() {
    }

    /**
     * The unit a query of unit-specific data covers for the current caller: what it asked for ({@code null} = every
     * unit) if its role reads the whole province; its own unit if it is a {@code UNIT_REPORTER} (whether or not it
     * named it).
     *
     * @throws AccessDeniedException a reporter asking for another unit, a reporter token without a unit, or no
     *                               caller at all
     */
    public static String unitScope(String requestedUnitId) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Principal caller = Principal.current().orElseThrow(() -> new AccessDeniedException("no authenticated caller"));
        Set<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        if (roles.stream().anyMatch(PROVINCE_WIDE::contains)) {
            return requestedUnitId;
        }
        if (!roles.contains(REPORTER)) {
            throw new AccessDeniedException("no role that reads unit data");
        }
        String own = caller.unitId();
        if (own == null || own.isBlank()) {
            throw new AccessDeniedException("a UNIT_REPORTER token without a unitId claim");
        }
        if (requestedUnitId != null && !requestedUnitId.equals(own)) {
            throw new AccessDeniedException("A UNIT_REPORTER reads only its own unit %s, not %s".formatted(own, requestedUnitId));
        }
        return own;
    }

    /**
     * The province whose data the current caller reads: its own, or {@code null} for the Ministry, which reads every
     * province.
     *
     * @throws AccessDeniedException a caller whose token names no province (and the service has no default province)
     */
    public static String provinceScope() {
        Principal caller = Principal.current().orElseThrow(() -> new AccessDeniedException("no authenticated caller"));
        if (caller.isMinistry()) {
            return null;
        }
        if (caller.provinceCode() == null) {
            throw new AccessDeniedException("a token naming no province reads no province's data");
        }
        return caller.provinceCode();
    }

    /**
     * Whether a movement of {@code movementProvince} is visible in a scope: a province sees its own movements and the
     * Ministry's sector-wide ones; the Ministry ({@code scope == null}) sees all.
     */
    public static boolean isVisible(String scope, String movementProvince) {
        return scope == null || scope.equals(movementProvince) || Principal.MINISTRY.equals(movementProvince);
    }

    /** @throws AccessDeniedException the movement belongs to another province than the caller's */
    public static void movementIsVisible(String scope, String movementId, String movementProvince) {
        if (!isVisible(scope, movementProvince)) {
            throw new AccessDeniedException("Movement %s is province %s's; a caller of province %s reads only its own and the Ministry's"
                    .formatted(movementId, movementProvince, scope));
        }
    }
}
