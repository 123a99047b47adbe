package vn.thidua.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void a_million_distinct_keys_keep_no_more_buckets_than_the_bound() {
        TokenBuckets buckets = new TokenBuckets(60, 1_000);
        long t = 10 * SECOND;
        for (int i = 0; i < 1_000_000; i++) {
            buckets.take("10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255), t);
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void looking_at_a_bucket_takes_nothing_from_it() {
        TokenBuckets buckets = new TokenBuckets(2, 10);
        long t = 10 * SECOND;
        assertThat(buckets.waitFor("a", t)).as("no bucket yet: nothing to wait for").isZero();
        assertThat(buckets.take("a", t)).isZero();
        assertThat(buckets.waitFor("a", t)).isZero();
        assertThat(buckets.waitFor("a", t)).isZero();
        assertThat(buckets.take("a", t)).isZero();
        assertThat(buckets.waitFor("a", t)).as("empty: one refills in 30 s").isEqualTo(30);
        assertThat(buckets.waitFor("a", t + 30 * SECOND)).isZero();
    }
}
