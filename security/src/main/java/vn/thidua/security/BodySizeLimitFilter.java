package vn.thidua.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a request body larger than the limit with {@code 413} before anything reads it: by its declared
 * {@code Content-Length}, and a body sent without one (chunked) is cut at the limit by {@link LimitedRequest}.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final int maxBytes;

    public BodySizeLimitFilter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            Problems.write(response, 413, "payload-too-large", "The body is too large",
                    "A request body is at most %d bytes".formatted(maxBytes));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new LimitedRequest(request, maxBytes) : request, response);
    }
}
