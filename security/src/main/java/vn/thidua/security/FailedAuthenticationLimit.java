package vn.thidua.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * A limit per client address in front of authentication: every request of an address that is refused authentication
 * ({@code 401}: no token, or one that is forged, expired or of another issuer) takes a token of the address's bucket
 * ({@link TokenBuckets}, {@code perMinute} a minute, bursts of as many); once it is empty, the address's requests are
 * refused with {@code 429} and {@code Retry-After} before their token is even looked at — a flood of forged tokens
 * costs no signature checks and, through {@link ThrottledLog}, about one log line a minute. Authenticated traffic
 * never empties a bucket (it is limited per caller by {@link RateLimitFilter}), so clients sharing an address are not
 * limited by each other's requests, only by their failures. Health and the API documentation are never refused here.
 */
public class FailedAuthenticationLimit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(FailedAuthenticationLimit.class);
    /** Addresses remembered at most (the least recently active forgotten first): bounded memory. */
    static final int MAX_ADDRESSES = 100_000;
    private static final List<String> NEVER_REFUSED = List.of("/actuator/health", "/v3/api-docs", "/swagger-ui");

    private final TokenBuckets failures;
    private final ThrottledLog throttled;

    public FailedAuthenticationLimit(int perMinute, ThrottledLog throttled) {
        this.failures = new TokenBuckets(perMinute, MAX_ADDRESSES);
        this.throttled = throttled;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return NEVER_REFUSED.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = ClientAddress.of(request);
        long waitSeconds = failures.waitFor(address, System.nanoTime());
        if (waitSeconds > 0) {
            long notLogged = throttled.admit("refused-before-authentication " + address);
            if (notLogged >= 0) {
                log.warn("Too many failed authentications: address={} endpoint={} {} retry-after={}s{}", address,
                        request.getMethod(), ThrottledLog.printable(request.getRequestURI()), waitSeconds,
                        ThrottledLog.tail(notLogged));
            }
            response.setHeader("Retry-After", String.valueOf(waitSeconds));
            Problems.write(response, 429, "rate-limited", "Too many requests",
                    "Too many requests without a valid token from this address (at most %d a minute); retry after %d s"
                            .formatted(failures.perMinute(), waitSeconds));
            return;
        }
        chain.doFilter(request, response);
    }

    /** A request of this address was refused authentication: it counts against the address. */
    void failed(HttpServletRequest request) {
        failures.take(ClientAddress.of(request), System.nanoTime());
    }

    /** The addresses with a bucket now. */
    long addresses() {
        return failures.size();
    }
}
