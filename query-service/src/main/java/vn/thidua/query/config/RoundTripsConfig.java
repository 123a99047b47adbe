package vn.thidua.query.config;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import vn.thidua.eventlog.roundtrips.RoundTrips;

/**
 * The database round trips of this service, by phase of work ({@link RoundTrips}, metric {@value RoundTrips#METRIC}):
 * the listener on the MongoDB client, and the phase {@code request} for everything an HTTP request sends.
 */
@Configuration(proxyBeanMethods = false)
class RoundTripsConfig {

    @Bean
    MongoClientSettingsBuilderCustomizer roundTrips(MeterRegistry meters) {
        RoundTrips listener = new RoundTrips(meters);
        return settings -> settings.addCommandListener(listener);
    }

    @Bean
    FilterRegistrationBean<Filter> requestRoundTrips() {
        Filter phase = (request, response, chain) -> {
            try (RoundTrips.Scope scope = RoundTrips.enter("request")) {
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(phase);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
