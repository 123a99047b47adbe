package vn.thidua.query.webapp;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.reference.District;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.Unit;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the web app reads before anything else: where to send commands, how to sign in, and the reference lists it
 * names districts and units with (the shipped, public lists the service was started with: no movement data). Public,
 * like the app's files; not part of the report API.
 */
@Hidden
@RestController
class WebAppController {

    private final AppConfig config;

    WebAppController(WebAppSettings settings, ReferenceData reference, Optional<LocalSignIn> localSignIn) {
        WebAppSettings.Oidc oidc = settings.oidc();
        this.config = new AppConfig(settings.commandApi(),
                new SignIn(localSignIn.map(LocalSignIn::available).orElse(false),
                        oidc.configured() ? new OidcClient(oidc.issuer(), oidc.clientId(), oidc.scope()) : null),
                new Reference(reference.version(),
                        reference.districts().stream().sorted(Comparator.comparing(District::code)).toList(),
                        reference.units().stream().sorted(Comparator.comparing(Unit::id))
                                .map(u -> new UnitEntry(u.id(), u.name(), u.districtCode())).toList()));
    }

    /** The app's configuration. */
    record AppConfig(String commandApi, SignIn signIn, Reference reference) {
    }

    /**
     * @param local whether the local sign-in page is offered (profile {@code local} with the local key)
     * @param oidc  the identity provider's issuer and the app's client there; {@code null} when not configured
     */
    record SignIn(boolean local, OidcClient oidc) {
    }

    record OidcClient(String authority, String clientId, String scope) {
    }

    record Reference(String version, List<District> districts, List<UnitEntry> units) {
    }

    record UnitEntry(String id, String name, String districtCode) {
    }

    @GetMapping(path = WebAppConfig.BASE + "config.json", produces = "application/json")
    @PreAuthorize("permitAll()") // read before signing in: no data in it
    AppConfig config() {
        return config;
    }
}
