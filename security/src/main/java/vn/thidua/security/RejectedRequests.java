package vn.thidua.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.io.IOException;
import java.net.URI;

/**
 * A request the firewall refuses ({@link HeaderText#firewall()}: {@code ;}, {@code %2e}, {@code //} in the path, a
 * control character in a header …) is a {@code 400} problem+json with the security headers, logged once a minute per
 * address — never the container's error page, nor a {@code 503} when the offending header is first read by a handler.
 * The path is refused before the filter chain runs ({@link #handle}); a header is checked when it is read, which may be
 * inside a controller ({@link #refused}, ahead of each service's own advice).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RejectedRequests implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(RejectedRequests.class);
    static final String TITLE = "The request is not valid";
    static final String DETAIL = "The request's path or headers hold characters or sequences that are not accepted";

    private final ThrottledLog refusals;

    public RejectedRequests(ThrottledLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        logOnce(request, e);
        SecurityHeaders.write(response, request.isSecure());
        Problems.write(response, 400, "invalid-request", TITLE, DETAIL);
    }

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> refused(RequestRejectedException e, HttpServletRequest request) {
        logOnce(request, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, DETAIL);
        problem.setType(URI.create(Problems.TYPE_BASE + "invalid-request"));
        problem.setTitle(TITLE);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private void logOnce(HttpServletRequest request, RequestRejectedException e) {
        String address = ClientAddress.of(request);
        long notLogged = refusals.admit("request-rejected " + address);
        if (notLogged >= 0) {
            log.warn("Request refused by the firewall: address={} method={} reason={}{}", address,
                    ThrottledLog.printable(request.getMethod()), ThrottledLog.printable(e.getMessage()),
                    ThrottledLog.tail(notLogged));
        }
    }
}
