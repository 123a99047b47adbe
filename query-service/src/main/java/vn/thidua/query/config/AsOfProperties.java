package vn.thidua.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import vn.thidua.projection.asof.AsOfSettings;

import java.time.Duration;

/**
 * {@code thidua.as-of.*}: how much a report as of an instant may cost ({@link AsOfSettings}: its defaults, and a
 * setting out of range refused as the properties are bound).
 */
@ConfigurationProperties("thidua.as-of")
record AsOfProperties(AsOfSettings settings) {

    @ConstructorBinding
    AsOfProperties(Long maxEvents, Integer concurrency, Duration queueWait, Duration timeout) {
        this(new AsOfSettings(maxEvents, concurrency, queueWait, timeout));
    }
}
