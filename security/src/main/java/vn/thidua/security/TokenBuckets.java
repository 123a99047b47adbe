package vn.thidua.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * Token buckets by key (a caller, a client address), refilled continuously: at most {@code perMinute} takes in a
 * minute, bursts up to the same number. Memory is bounded: at most {@code maxKeys} buckets are kept (Caffeine drops
 * the least used first), and a bucket untouched for a minute — full again, like a new one — is dropped.
 */
final class TokenBuckets {

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    private final double capacity;
    private final double perNano;
    private final Cache<String, Bucket> buckets;

    TokenBuckets(int perMinute, long maxKeys) {
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(Duration.ofMinutes(1)).build();
    }

    int perMinute() {
        return (int) capacity;
    }

    /** 0 when a take may happen now (and takes it), else the seconds until one may. */
    long take(String key, long nanoTime) {
        Bucket bucket = buckets.get(key, k -> new Bucket(capacity, nanoTime));
        synchronized (bucket) {
            refill(bucket, nanoTime);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return secondsToOne(bucket);
        }
    }

    /** 0 when a take could happen now, else the seconds until one could; takes nothing. */
    long waitFor(String key, long nanoTime) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return 0;
        }
        synchronized (bucket) {
            refill(bucket, nanoTime);
            return bucket.tokens >= 1 ? 0 : secondsToOne(bucket);
        }
    }

    /** The buckets kept now (after pending evictions). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private void refill(Bucket bucket, long nanoTime) {
        bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nanoTime - bucket.refilledAt) * perNano);
        bucket.refilledAt = nanoTime;
    }

    private long secondsToOne(Bucket bucket) {
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
    }
}
