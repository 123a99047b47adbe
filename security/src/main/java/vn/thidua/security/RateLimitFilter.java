package vn.thidua.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Requests per caller (token subject) and instance, as a token bucket refilled continuously ({@link TokenBuckets}): at
 * most {@code requestsPerMinute} in a minute, bursts up to the same number. Over the limit: {@code 429} with
 * {@code Retry-After} (seconds until one request is allowed again). Hand-written rather than a library: Bucket4j is
 * not among the artifacts this build resolves, and one in-memory bucket per subject is all it needs.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    /** Callers remembered at most (the least recently active forgotten first): bounded memory. */
    static final int MAX_CALLERS = 100_000;
    private final TokenBuckets buckets;
    private final ThrottledLog throttled;

    public RateLimitFilter(int requestsPerMinute, ThrottledLog throttled) {
        this.buckets = new TokenBuckets(requestsPerMinute, MAX_CALLERS);
        this.throttled = throttled;
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
            long notLogged = throttled.admit("rate-limited " + subject);
            if (notLogged >= 0) {
                log.warn("Rate limit: subject={} endpoint={} {} retry-after={}s{}", subject, request.getMethod(),
                        ThrottledLog.printable(request.getRequestURI()), waitSeconds, ThrottledLog.tail(notLogged));
            }
            response.setHeader("Retry-After", String.valueOf(waitSeconds));
            Problems.write(response, 429, "rate-limited", "Too many requests",
                    "At most %d requests per minute per caller; retry after %d s".formatted(buckets.perMinute(), waitSeconds));
            return;
        }
        chain.doFilter(request, response);
    }

    /** 0 when a request may go now (and takes it), else the seconds until it may. */
    long take(String subject, long now) {
        return buckets.take(subject, now);
    }
}
