package vn.thidua.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per caller (token subject) and instance, as a token bucket refilled continuously: at most
 * {@code requestsPerMinute} in a minute, bursts up to the same number. Over the limit: {@code 429} with
 * {@code Retry-After} (seconds until one request is allowed again). Hand-written (40 lines) rather than a library:
 * Bucket4j is not among the artifacts this build resolves, and one in-memory bucket per subject is all it needs.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    private final double perNano;
    private final double capacity;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>(); // {tokens, lastRefillNanos}

    public RateLimitFilter(int requestsPerMinute) {
        this.capacity = requestsPerMinute;
        this.perNano = requestsPerMinute / 60e9;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String subject = Principal.current().map(Principal::subject).orElse(null);
        if (subject == null) {
            chain.doFilter(request, response); // unauthenticated requests are refused (or public) elsewhere
            return;
        }
        long waitSeconds = take(subject, System.nanoTime());
        if (waitSeconds > 0) {
            log.warn("Rate limit: subject={} endpoint={} {} retry-after={}s", subject, request.getMethod(),
                    request.getRequestURI(), waitSeconds);
            response.setHeader("Retry-After", String.valueOf(waitSeconds));
            Problems.write(response, 429, "rate-limited", "Too many requests",
                    "At most %d requests per minute per caller; retry after %d s".formatted((int) capacity, waitSeconds));
            return;
        }
        chain.doFilter(request, response);
    }

    /** 0 when a request may go now (and takes it), else the seconds until it may. */
    long take(String subject, long now) {
        double[] bucket = buckets.computeIfAbsent(subject, s -> new double[]{capacity, now});
        synchronized (bucket) {
            bucket[0] = Math.min(capacity, bucket[0] + (now - (long) bucket[1]) * perNano);
            bucket[1] = now;
            if (bucket[0] >= 1) {
                bucket[0] -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket[0]) / perNano / 1e9);
        }
    }
}
