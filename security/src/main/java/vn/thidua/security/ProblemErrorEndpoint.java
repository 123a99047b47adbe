package vn.thidua.security;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * What the servlet container's error page ({@code /error}) answers instead of Spring Boot's whitelabel page: a
 * problem+json with the status of the failed request and nothing of the failure itself (no exception, no message, no
 * stack trace). Called directly, there is no error to show: 404, not the {@code 500}/{@code 999} of the default page.
 * <p>
 * Only an exception no handler of the service's advice answers, or a status the container sets itself, ends here.
 * Registered by {@link ThiduaSecurityConfiguration} in both services.
 */
@Hidden
@RestController
public class ProblemErrorEndpoint implements ErrorController {

    /**
     * Whoever the filter chain lets through: the answer shows a status and nothing else. A direct request to
     * {@code /error} needs a token like any other path; error dispatches (e.g. of a request the firewall refused)
     * are let through by the chain, so they keep their own status.
     */
    @RequestMapping("${server.error.path:${error.path:/error}}")
    @PreAuthorize("permitAll()")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (status == null || !status.isError()) {
            status = code == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String kind = switch (status) {
            case BAD_REQUEST -> "invalid-request";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case PAYLOAD_TOO_LARGE -> "payload-too-large";
            case TOO_MANY_REQUESTS -> "rate-limited";
            default -> status.is5xxServerError() ? "internal-error" : "request-failed";
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, code == null ? "No such resource" : status.getReasonPhrase());
        problem.setType(URI.create(Problems.TYPE_BASE + kind));
        problem.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
