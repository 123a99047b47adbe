package vn.thidua.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Enumeration;

/**
 * A request with more than one {@code Authorization} header is refused ({@code 400}) before authentication: which of
 * them counts would otherwise depend on the component reading it (the servlet API gives the first), and a proxy or
 * log in front may have looked at another.
 */
public class SingleAuthorizationHeader extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SingleAuthorizationHeader.class);
    private final ThrottledLog throttled;

    public SingleAuthorizationHeader(ThrottledLog throttled) {
        this.throttled = throttled;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Enumeration<String> values = request.getHeaders(HttpHeaders.AUTHORIZATION);
        int count = 0;
        while (values != null && values.hasMoreElements() && count < 2) {
            values.nextElement();
            count++;
        }
        if (count > 1) {
            String address = ClientAddress.of(request);
            long notLogged = throttled.admit("several-authorization-headers " + address);
            if (notLogged >= 0) {
                log.warn("Refused: several Authorization headers: address={} endpoint={} {}{}", address, request.getMethod(),
                        ThrottledLog.printable(request.getRequestURI()), ThrottledLog.tail(notLogged));
            }
            Problems.write(response, 400, "invalid-request", "The request is not valid",
                    "Send exactly one Authorization header", HttpHeaders.AUTHORIZATION);
            return;
        }
        chain.doFilter(request, response);
    }
}
