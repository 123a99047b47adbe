package vn.thidua.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code thidua.security.*}. Exactly one token source: {@code jwt.issuer-uri} (OIDC discovery) or
 * {@code jwt.jwk-set-uri} in production, or {@code jwt.local-key-dir} (the local stack's key, accepted only in the
 * {@code local} profile).
 *
 * @param requestsPerMinute               requests a caller (token subject) may make per minute and instance before
 *                                        {@code 429}
 * @param failedAuthenticationsPerMinute requests refused authentication ({@code 401}) a client address may send per
 *                                        minute and instance; beyond, its requests get {@code 429} before
 *                                        authentication ({@link FailedAuthenticationLimit})
 * @param maxBodyBytes                    the largest request body accepted ({@code 413} above)
 * @param corsOrigins                     browser origins allowed to call the API (none by default)
 * @param defaultProvince                 the province of a token without a {@code provinceCode} claim (tokens minted
 *                                        before provinces were tenants; docs/adr/0011); empty: such a token acts on
 *                                        no province's data
 */
@ConfigurationProperties("thidua.security")
public record SecuritySettings(Jwt jwt, Integer requestsPerMinute, Integer failedAuthenticationsPerMinute,
                               Integer maxBodyBytes, List<String> corsOrigins, String defaultProvince) {

    /** @param audience when set, a token is accepted only if its {@code aud} claim names it (this API) */
    public record Jwt(String issuerUri, String jwkSetUri, String localKeyDir, String audience) {
    }

    public SecuritySettings {
        jwt = jwt == null ? new Jwt(null, null, null, null) : jwt;
        requestsPerMinute = requestsPerMinute == null ? 600 : requestsPerMinute;
        failedAuthenticationsPerMinute = failedAuthenticationsPerMinute == null ? 60 : failedAuthenticationsPerMinute;
        maxBodyBytes = maxBodyBytes == null ? 256 * 1024 : maxBodyBytes;
        corsOrigins = corsOrigins == null ? List.of() : corsOrigins.stream().filter(o -> !o.isBlank()).toList();
        defaultProvince = defaultProvince == null || defaultProvince.isBlank() ? null : defaultProvince.strip();
        if (defaultProvince != null && !defaultProvince.matches(Principal.SCOPE_PATTERN)) {
            throw new IllegalArgumentException("thidua.security.default-province must be a 2-digit province code or "
                    + Principal.MINISTRY + ", not " + defaultProvince);
        }
    }
}
