package vn.thidua.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code thidua.live.*}: the board-change streams ({@code GET /api/v1/reports/changes}) of one instance.
 *
 * @param maxStreams   open streams at most (then {@code 503 live-busy} with {@code Retry-After})
 * @param perCaller    open streams per token subject (a new one closes the caller's oldest)
 * @param keepAlive    how often an idle stream gets a comment (proxies close silent connections)
 * @param maxDuration  how long a stream stays open at most (also never beyond its token's expiry); the client
 *                     reconnects
 */
@ConfigurationProperties("thidua.live")
public record LiveSettings(Integer maxStreams, Integer perCaller, Duration keepAlive, Duration maxDuration) {

    public LiveSettings {
        maxStreams = maxStreams == null ? 1000 : maxStreams;
        perCaller = perCaller == null ? 5 : perCaller;
        keepAlive = keepAlive == null ? Duration.ofSeconds(20) : keepAlive;
        maxDuration = maxDuration == null ? Duration.ofMinutes(30) : maxDuration;
    }
}
