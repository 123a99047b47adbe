package vn.thidua.command.config;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The aggregate cache keeps Axon's cache contract and stays within its bound. */
class CaffeineAggregateCacheTest {

    final CaffeineAggregateCache cache = new CaffeineAggregateCache(10);

    @Test
    void an_entry_is_put_once_updated_in_place_and_removed() {
        assertThat(cache.putIfAbsent("TD-2018", "v0")).isTrue();
        assertThat(cache.putIfAbsent("TD-2018", "other")).isFalse();
        cache.<String>computeIfPresent("TD-2018", v -> v + "+1");
        assertThat(cache.<String, String>get("TD-2018")).isEqualTo("v0+1");
        assertThat(cache.computeIfAbsent("TD-2018", () -> "unused")).isEqualTo("v0+1");
        assertThat(cache.remove("TD-2018")).isTrue();
        assertThat(cache.remove("TD-2018")).isFalse();
        assertThat(cache.containsKey("TD-2018")).isFalse();
    }

    @Test
    void it_keeps_at_most_its_maximum_of_aggregates() {
        IntStream.range(0, 1_000).forEach(i -> cache.put("A-" + i, i));
        await().untilAsserted(() -> assertThat(IntStream.range(0, 1_000).filter(i -> cache.containsKey("A-" + i)).count())
                .isLessThanOrEqualTo(10));
    }
}
