package vn.thidua.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import vn.thidua.command.submission.IdempotencyFilter;
import vn.thidua.command.submission.Submissions;

import java.time.Clock;
import java.time.Duration;

/** Idempotent submissions: the key store and the filter in front of every command endpoint. */
@Configuration(proxyBeanMethods = false)
class SubmissionConfig {

    @Bean
    Submissions submissions(MongoDatabase eventDatabase, @Value("${thidua.idempotency.lock-ttl}") Duration lockTtl) {
        return new Submissions(eventDatabase, lockTtl, Clock.systemUTC());
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(Submissions submissions, ObjectMapper json,
                                                                @Value("${thidua.idempotency.wait}") Duration wait) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(submissions, json, wait));
        registration.addUrlPatterns("/api/*");
        // after authentication (when it comes), before everything that reads the body
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }
}
