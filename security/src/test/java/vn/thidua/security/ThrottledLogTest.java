package vn.thidua.security;

import com.github.benmanes.caffeine.cache.Scheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledLogTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final ThrottledLog throttled = new ThrottledLog(Duration.ofMinutes(1), 1_000, nanos::get, Scheduler.disabledScheduler());

    @Test
    void one_line_per_key_and_interval_and_the_next_line_counts_those_not_logged() {
        assertThat(throttled.admit("a")).as("the first line").isZero();
        for (int i = 0; i < 700; i++) {
            assertThat(throttled.admit("a")).isEqualTo(-1);
        }
        assertThat(throttled.admit("b")).as("another key has its own interval").isZero();
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(throttled.admit("a")).as("still within the minute").isEqualTo(-1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        long next = throttled.admit("a");
        assertThat(next).as("a new minute: logged again (its count or a line of its own reports the 701 before)")
                .isIn(0L, 701L);
    }

    @Test
    void memory_is_bounded_whatever_the_number_of_keys() {
        ThrottledLog small = new ThrottledLog(Duration.ofMinutes(1), 100, nanos::get, Scheduler.disabledScheduler());
        for (int i = 0; i < 100_000; i++) {
            assertThat(small.admit("address-" + i)).isZero();
        }
        assertThat(small.keys()).isLessThanOrEqualTo(100);
    }

    @Test
    void text_from_a_request_is_logged_printable_and_short() {
        assertThat(ThrottledLog.printable("/a\r\nSet-Cookie: x\u0000")).isEqualTo("/a??Set-Cookie: x?");
        assertThat(ThrottledLog.printable("x".repeat(10_000))).hasSize(201);
    }
}
