package vn.thidua.query.webapp;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.query.structure.Structures;
import vn.thidua.query.validation.InvalidParameter;
import vn.thidua.reference.StructureList;
import vn.thidua.security.Principal;
import vn.thidua.security.Role;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The local sign-in of the web app: a role (and a unit for a reporter) in, a token signed with the local key out. Only
 * in the {@code local} profile (elsewhere the path is unknown: 404), only where the local key is, and only for a caller
 * on this machine — the local stack listens on every interface, and a token of any role must not be had from the
 * network. Not part of the report API (hidden from its description).
 */
@Hidden
@RestController
@Profile("local")
class LocalSignInController {

    static final Pattern SUBJECT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,59}");
    private static final Pattern PROVINCE = Pattern.compile(Principal.SCOPE_PATTERN);
    private final LocalSignIn signIn;
    private final Structures structures;

    LocalSignInController(LocalSignIn signIn, Structures structures) {
        this.signIn = signIn;
        this.structures = structures;
    }

    /**
     * @param role    one of {@link Role}
     * @param unitId  the unit of a {@code UNIT_REPORTER} (a unit of the structure register, of the caller's
     *                province); none for the other roles
     * @param subject who signs in (lower-case letters, digits, {@code . _ -}); by default the role and unit, as
     *                {@code ./token.sh} names them
     * @param provinceCode the caller's province (a GSO code, {@code 24}) or the Ministry ({@code BTP}); none: no
     *                claim, read as the first province, as {@code ./token.sh} without {@code --province}
     */
    record SignInRequest(String role, String unitId, String subject, String provinceCode) {
    }

    @PostMapping(path = WebAppConfig.BASE + "local-sign-in", produces = "application/json")
    @PreAuthorize("permitAll()") // this is the sign-in: no token yet
    LocalSignIn.Minted signIn(@RequestBody(required = false) SignInRequest body, HttpServletRequest http) {
        SignInRequest request = body == null ? new SignInRequest(null, null, null, null) : body;
        if (!signIn.available()) {
            throw new NoLocalSignIn("No local signing key here");
        }
        if (!fromThisMachine(http.getRemoteAddr())) {
            throw new AccessDeniedException("The local sign-in answers only callers on this machine");
        }
        Role role = role(request.role());
        String unitId = request.unitId() == null || request.unitId().isBlank() ? null : request.unitId().strip();
        String province = request.provinceCode() == null || request.provinceCode().isBlank() ? null : request.provinceCode().strip();
        if (province != null && !PROVINCE.matcher(province).matches()) {
            throw new InvalidParameter("provinceCode", "a 2-digit GSO province code (e.g. 24) or BTP (the Ministry)");
        }
        if (role == Role.UNIT_REPORTER) {
            if (unitId == null) {
                throw new InvalidParameter("unitId", "a UNIT_REPORTER names its unit");
            }
            String ownProvince = province == null ? structures.firstProvince() : province;
            if (structures.current().latest(StructureList.UNITS, unitId).isEmpty()
                    || !ownProvince.equals(structures.provinceOfUnit(unitId))) {
                throw new InvalidParameter("unitId", "not a unit of province " + ownProvince + " in the structure register");
            }
        } else if (unitId != null) {
            throw new InvalidParameter("unitId", "only a UNIT_REPORTER has a unit");
        }
        String subject = request.subject() == null || request.subject().isBlank() ? null : request.subject().strip();
        if (subject != null && !SUBJECT.matcher(subject).matches()) {
            throw new InvalidParameter("subject", "1-60 lower-case letters, digits, '.', '_' or '-'");
        }
        return signIn.mint(role, unitId, province, subject);
    }

    private static Role role(String name) {
        try {
            return Role.valueOf(name == null ? "" : name);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("role", "one of " + Arrays.toString(Role.values()));
        }
    }

    static boolean fromThisMachine(String remoteAddress) {
        try {
            return remoteAddress != null && InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
