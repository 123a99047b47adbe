package vn.thidua.query.webapp;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import vn.thidua.security.BodySizeLimitFilter;
import vn.thidua.security.SecuritySettings;
import vn.thidua.security.ThrottledLog;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The web app under {@code /app/}: its files (built by the module web-app into {@code META-INF/resources/app}) and its
 * start-up configuration are public — the app holds no data; every request it makes for data goes to the APIs with the
 * user's bearer token. This chain runs before the API's ({@code ThiduaSecurityConfiguration}) and only for
 * {@code /app/**}; its content security policy lets the pages load nothing but their own files and talk to nothing
 * but this service, the command-service and the identity provider.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebAppSettings.class)
class WebAppConfig implements WebMvcConfigurer {

    static final String BASE = "/app/";
    private static final long HSTS_MAX_AGE_SECONDS = 31_536_000;

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain webApp(HttpSecurity http, WebAppSettings settings, SecuritySettings security, ThrottledLog refusals)
            throws Exception {
        http.securityMatcher("/app", "/app/**")
                // the local sign-in reads a body before it can tell who sent it: bounded as the API's are
                .addFilterBefore(new BodySizeLimitFilter(security.maxBodyBytes(), refusals), AuthorizationFilter.class)
                // no cookie and no session: the local sign-in answers a token in its body, nothing a cross-site form can use
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .headers(h -> h.contentTypeOptions(o -> { })
                        .frameOptions(f -> f.deny())
                        .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(HSTS_MAX_AGE_SECONDS))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(p -> p.policyDirectives(contentSecurityPolicy(settings))))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    /** Scripts and styles of the app only (no inline code); requests to this service, the commands and the issuer. */
    static String contentSecurityPolicy(WebAppSettings settings) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        connect.add(WebAppSettings.origin(settings.commandApi()));
        if (settings.oidc().issuer() != null) {
            connect.add(WebAppSettings.origin(settings.oidc().issuer()));
        }
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
                + "connect-src " + String.join(" ", connect) + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }

    /** {@code /app} and {@code /app/} open the app's page. */
    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/app", BASE);
        registry.addViewController(BASE).setViewName("forward:" + BASE + "index.html");
    }

    /** The bundles' names carry a hash of their content: a browser may keep them; the page itself is never cached. */
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(BASE + "assets/**")
                .addResourceLocations("classpath:/META-INF/resources" + BASE + "assets/")
                .setCacheControl(CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
    }
}
