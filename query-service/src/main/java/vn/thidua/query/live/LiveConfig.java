package vn.thidua.query.live;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.projection.stream.EventStreamConsumer;

import java.time.Clock;

/** The live streams, told of every batch the event consumer writes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveSettings.class)
class LiveConfig {

    @Bean
    LiveStreams liveStreams(LiveSettings settings, EventStreamConsumer consumer) {
        LiveStreams streams = new LiveStreams(settings, consumer::highestAppliedPosition, Clock.systemUTC());
        consumer.addBatchListener(streams);
        return streams;
    }
}
