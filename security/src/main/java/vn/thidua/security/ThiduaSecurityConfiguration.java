package vn.thidua.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Both services are OAuth2 resource servers: every request needs a valid bearer JWT except health, readiness and
 * the API documentation. Roles ({@code roles} claim → {@code ROLE_*}) are checked per endpoint with
 * {@code @PreAuthorize}; the unit ({@code unitId} claim) by the handlers, object by object; the management endpoints
 * (metrics) need {@link Role#OPERATOR}. Failed authentication and authorization are logged (subject or address,
 * endpoint, reason) and answered as problem+json; failed authentications are limited per client address
 * ({@link FailedAuthenticationLimit}) and their log lines per address ({@link ThrottledLog}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class ThiduaSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ThiduaSecurityConfiguration.class);
    public static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
            "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"};
    /** The management endpoints but health: operators only ({@link Role#OPERATOR}). */
    static final String[] MANAGEMENT = {"/actuator", "/actuator/**"};

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecuritySettings settings, ThrottledLog refusals) throws Exception {
        FailedAuthenticationLimit failedAuthentications =
                new FailedAuthenticationLimit(settings.failedAuthenticationsPerMinute(), refusals);
        http.csrf(c -> c.disable()) // bearer tokens only, no cookies: nothing for a cross-site request to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(c -> c.configurationSource(cors(settings)))
                .headers(h -> h.contentTypeOptions(o -> { })
                        .frameOptions(f -> f.deny())
                        .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(SecurityHeaders.HSTS_MAX_AGE_SECONDS))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(p -> p.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY)))
                // error dispatches (e.g. the firewall refusing `;` or `%2e%2e`) keep their own status instead of a 401
                .authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers(MANAGEMENT).hasRole(Role.OPERATOR.name())
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(tokens(settings.defaultProvince())))
                        .authenticationEntryPoint((request, response, e) -> {
                            failedAuthentications.failed(request);
                            String address = ClientAddress.of(request);
                            long notLogged = refusals.admit("authentication-failed " + address);
                            if (notLogged >= 0) {
                                log.warn("Authentication failed: address={} endpoint={} {} reason={}{}", address,
                                        request.getMethod(), ThrottledLog.printable(request.getRequestURI()),
                                        ThrottledLog.printable(e.getMessage()), ThrottledLog.tail(notLogged));
                            }
                            response.setHeader("WWW-Authenticate", "Bearer");
                            Problems.write(response, 401, "unauthenticated", "A valid bearer token is required",
                                    "Send Authorization: Bearer <token>");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            denied(request, e.getMessage());
                            Problems.write(response, 403, "forbidden", "Not allowed", "Your role or unit may not do this");
                        }))
                .addFilterBefore(new SingleAuthorizationHeader(refusals), BearerTokenAuthenticationFilter.class)
                .addFilterBefore(failedAuthentications, BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new BodySizeLimitFilter(settings.maxBodyBytes(), refusals), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(settings.requestsPerMinute(), refusals), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** Firewall refusals as problem+json, before the chain and inside the controllers ({@link RejectedRequests}). */
    @Bean
    RejectedRequests rejectedRequests(ThrottledLog refusals) {
        return new RejectedRequests(refusals);
    }

    /** The container's error page as problem+json, in both services ({@link ProblemErrorEndpoint}). */
    @Bean
    ProblemErrorEndpoint problemErrorEndpoint() {
        return new ProblemErrorEndpoint();
    }

    /**
     * Log lines about refused requests, at most one a minute per kind and client address (or caller): what an
     * attacker sends cannot fill the log.
     */
    @Bean
    ThrottledLog refusals() {
        return new ThrottledLog(Duration.ofMinutes(1), 100_000);
    }

    /**
     * What Tomcat refuses before the application (an oversized header, {@code %2f} or {@code %00} in the path,
     * {@code [ ]} in the query) is answered as problem+json with the security headers ({@link ProblemErrorReportValve})
     * instead of Tomcat's HTML page: the valve replaces the host's error report valve, including the one Spring Boot
     * adds itself (its customizer runs first, at order 0).
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ThrottledLog refusals) {
        return new ProblemErrorReports(refusals);
    }

    private record ProblemErrorReports(ThrottledLog refusals)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.getPipeline().addValve(new ProblemErrorReportValve(refusals));
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName()); // present: none added at start
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Logs a refused request with who asked: also called by the services' error advice for object-level refusals. */
    public static void denied(HttpServletRequest request, String reason) {
        log.warn("Access denied: subject={} role={} unit={} province={} endpoint={} {} reason={}",
                Principal.current().map(Principal::subject).orElse("?"), Principal.current().map(Principal::role).orElse(null),
                Principal.current().map(Principal::unitId).orElse(null), Principal.current().map(Principal::provinceCode).orElse(null),
                request.getMethod(), request.getRequestURI(), reason);
    }

    /**
     * A token's authorities from its {@code roles} claim; a token without a {@code provinceCode} claim is read as one of
     * the default province ({@code thidua.security.default-province}), so tokens minted before provinces were tenants
     * keep acting for the province whose data they were made for.
     */
    static Converter<Jwt, AbstractAuthenticationToken> tokens(String defaultProvince) {
        JwtAuthenticationConverter roles = roles();
        return jwt -> roles.convert(defaultProvince == null || jwt.hasClaim(Principal.PROVINCE_CLAIM) ? jwt
                : Jwt.withTokenValue(jwt.getTokenValue()).headers(h -> h.putAll(jwt.getHeaders()))
                        .claims(c -> {
                            c.putAll(jwt.getClaims());
                            c.put(Principal.PROVINCE_CLAIM, defaultProvince);
                        }).build());
    }

    static JwtAuthenticationConverter roles() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            List<String> roles = jwt.getClaimAsStringList(Principal.ROLES_CLAIM);
            if (roles != null) {
                roles.forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r)));
            }
            return authorities;
        });
        return converter;
    }

    static CorsConfigurationSource cors(SecuritySettings settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!settings.corsOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(settings.corsOrigins());
            cors.setAllowedMethods(List.of("GET", "POST"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Correlation-Id", "Accept"));
            cors.setExposedHeaders(List.of("Location", "Retry-After", "Idempotent-Replayed", "X-Data-Current-To"));
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }

    /**
     * No observation per security filter, authentication and authorization: Spring Security wraps each filter of the
     * chain in an observation by default, a cost paid on every request (docs/benchmarks-history.md). Requests stay
     * observed as a whole ({@code http.server.requests}); failed authentications and denials are logged by this
     * configuration.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, with its header rule as a loop instead of a regex ({@link HeaderText}). */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderText.firewall();
    }

    /** The token source ({@link #tokenSource}), verifying each distinct token once ({@link VerifiedTokens}). */
    @Bean
    JwtDecoder jwtDecoder(SecuritySettings settings, Environment environment) {
        return new VerifiedTokens(tokenSource(settings, environment), 10_000, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /**
     * The token source: an external issuer in production; the local stack's key only in the {@code local} profile
     * (a deployment that forgot its issuer does not silently trust a developer key).
     */
    static JwtDecoder tokenSource(SecuritySettings settings, Environment environment) {
        SecuritySettings.Jwt jwt = settings.jwt();
        if (notBlank(jwt.issuerUri())) {
            // discovery: the issuer's JWK set, and tokens of that issuer only
            NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(jwt.issuerUri());
            decoder.setJwtValidator(validator(JwtValidators.createDefaultWithIssuer(jwt.issuerUri()), jwt.audience()));
            return decoder;
        }
        if (notBlank(jwt.jwkSetUri())) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build();
            decoder.setJwtValidator(validator(JwtValidators.createDefault(), jwt.audience()));
            return decoder;
        }
        if (notBlank(jwt.localKeyDir())) {
            if (!environment.acceptsProfiles(Profiles.of("local"))) {
                throw new IllegalStateException("thidua.security.jwt.local-key-dir is accepted only in the 'local' profile;"
                        + " configure thidua.security.jwt.issuer-uri or jwk-set-uri");
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(
                    LocalKeys.readPublic(Path.of(jwt.localKeyDir()).resolve(LocalKeys.PUBLIC))).build();
            decoder.setJwtValidator(validator(JwtValidators.createDefaultWithIssuer(LocalTokens.ISSUER), jwt.audience()));
            log.warn("Accepting tokens signed with the LOCAL key in {} (profile 'local'): not for production", jwt.localKeyDir());
            return decoder;
        }
        throw new IllegalStateException("No token issuer: set thidua.security.jwt.issuer-uri (THIDUA_JWT_ISSUER_URI) or "
                + "jwk-set-uri (THIDUA_JWT_JWK_SET_URI); locally, ./run.sh sets up a local key");
    }

    /** The source's own checks (expiry, issuer), and the audience when one is configured: a token for another API is refused. */
    private static OAuth2TokenValidator<Jwt> validator(OAuth2TokenValidator<Jwt> base, String audience) {
        if (!notBlank(audience)) {
            return base;
        }
        OAuth2TokenValidator<Jwt> audienceCheck = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(audience));
        return new DelegatingOAuth2TokenValidator<>(base, audienceCheck);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
