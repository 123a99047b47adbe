package vn.thidua.query.webapp;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/**
 * {@code thidua.web.*}: what the web app ({@code /app/}) is told at start ({@link WebAppController#config}).
 *
 * @param commandApi where the browser sends commands: the command-service's address as the browser reaches it (its
 *                   origin must be allowed by the command-service's {@code THIDUA_CORS_ORIGINS})
 * @param oidc       the identity provider the app signs in with (authorization code with PKCE); none without an issuer
 */
@ConfigurationProperties("thidua.web")
public record WebAppSettings(String commandApi, Oidc oidc) {

    /**
     * @param issuer   the OIDC issuer (by default the one the service checks tokens against)
     * @param clientId the app's public client at that issuer
     * @param scope    the scopes asked for
     */
    public record Oidc(String issuer, String clientId, String scope) {

        public Oidc {
            issuer = blankToNull(issuer);
            clientId = blankToNull(clientId);
            scope = scope == null || scope.isBlank() ? "openid profile" : scope.strip();
        }

        /** Signing in through the issuer needs both the issuer and the app's client id. */
        public boolean configured() {
            return issuer != null && clientId != null;
        }
    }

    public WebAppSettings {
        commandApi = commandApi == null || commandApi.isBlank() ? "http://localhost:8081" : stripSlash(commandApi.strip());
        oidc = oidc == null ? new Oidc(null, null, null) : oidc;
        origin(commandApi); // refuses to start with an address the browser could not use
    }

    /** {@code scheme://host[:port]} of an absolute http(s) URL, for the app's content security policy. */
    static String origin(String url) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
            throw new IllegalArgumentException("Not an absolute http(s) URL: " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
