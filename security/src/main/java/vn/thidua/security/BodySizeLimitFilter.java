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
 * Refuses a request body larger than the limit with {@code 413}: by its declared {@code Content-Length} before
 * anything reads it; a body sent without one (chunked) is cut at the limit by {@link LimitedRequest}, and the
 * {@link BodyTooLarge} whoever reads it gets becomes the same {@code 413} here if nothing answered it on the way.
 * Either way one line is logged (at most one a minute per address, {@link ThrottledLog}), without a stack trace.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BodySizeLimitFilter.class);
    private final int maxBytes;
    private final ThrottledLog throttled;

    public BodySizeLimitFilter(int maxBytes, ThrottledLog throttled) {
        this.maxBytes = maxBytes;
        this.throttled = throttled;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refused(request, "declared " + declared + " bytes");
            Problems.write(response, 413, "payload-too-large", "The body is too large",
                    "A request body is at most %d bytes".formatted(maxBytes));
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, maxBytes, () -> refused(request, "sent without a length")), response);
        } catch (IOException | ServletException | RuntimeException e) {
            BodyTooLarge tooLarge = BodyTooLarge.in(e);
            if (tooLarge == null || response.isCommitted()) {
                throw e;
            }
            response.reset();
            Problems.write(response, 413, "payload-too-large", "The body is too large", tooLarge.detail());
        }
    }

    private void refused(HttpServletRequest request, String how) {
        String address = ClientAddress.of(request);
        long notLogged = throttled.admit("body-too-large " + address);
        if (notLogged >= 0) {
            log.warn("Refused: body over {} bytes ({}): address={} endpoint={} {}{}", maxBytes, how, address,
                    request.getMethod(), ThrottledLog.printable(request.getRequestURI()), ThrottledLog.tail(notLogged));
        }
    }
}
