package vn.thidua.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import vn.thidua.command.submission.Idempotency;
import vn.thidua.command.submission.Instances;
import vn.thidua.command.submission.Submissions;
import vn.thidua.command.web.IdempotencyFilter;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.time.Clock;
import java.time.Duration;

/** Idempotent submissions: the key store, the submissions started from it, and the filter in front of every command endpoint. */
@Configuration(proxyBeanMethods = false)
class SubmissionConfig {

    /** This instance among the live ones: a crashed instance's claims on keys are taken over by the next retry. */
    @Bean
    Instances instances(MongoDatabase eventDatabase, @Value("${thidua.idempotency.instance-ttl}") Duration ttl) {
        return new Instances(eventDatabase, Instances.newName(), ttl, Clock.systemUTC()).start();
    }

    @Bean
    Submissions submissions(MongoDatabase eventDatabase, @Value("${thidua.idempotency.lock-ttl}") Duration lockTtl,
                            Instances instances) {
        return new Submissions(eventDatabase, lockTtl, Clock.systemUTC(), instances);
    }

    @Bean
    Idempotency idempotency(Submissions submissions, MongoCommitLog commitLog, ObjectMapper json,
                            @Value("${thidua.idempotency.wait}") Duration wait) {
        return new Idempotency(submissions, commitLog, json, wait);
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(Idempotency idempotency) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(new IdempotencyFilter(idempotency));
        registration.addUrlPatterns("/api/*");
        // after authentication, before everything that reads the body
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }
}
