package vn.thidua.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitFilterTest {

    static final long SECOND = 1_000_000_000L;
    static final ThrottledLog LOG = new ThrottledLog(java.time.Duration.ofMinutes(1), 100);

    @Test
    void a_caller_gets_its_quota_then_waits_while_others_are_unaffected() {
        RateLimitFilter limit = new RateLimitFilter(6, LOG); // one every 10 s, bursts of 6
        long t = 1_000 * SECOND;
        for (int i = 0; i < 6; i++) {
            assertThat(limit.take("a", t)).as("request %d", i + 1).isZero();
        }
        assertThat(limit.take("a", t)).as("the 7th must wait for a refill").isEqualTo(10);
        assertThat(limit.take("b", t)).as("another caller has its own bucket").isZero();
        assertThat(limit.take("a", t + 4 * SECOND)).isEqualTo(6);
        assertThat(limit.take("a", t + 10 * SECOND)).as("refilled by one after 10 s").isZero();
        assertThat(limit.take("a", t + 10 * SECOND)).isPositive();
    }

    @Test
    void an_idle_caller_does_not_bank_more_than_one_burst() {
        RateLimitFilter limit = new RateLimitFilter(60, LOG);
        long t = 5 * SECOND;
        limit.take("a", t);
        int allowed = 0;
        long later = t + 3_600 * SECOND;
        while (limit.take("a", later) == 0) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(60);
    }
}
