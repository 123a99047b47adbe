package vn.thidua.query.web;

import com.mongodb.MongoException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import vn.thidua.projection.ProjectionNotFound;
import vn.thidua.projection.asof.AsOfTooLarge;
import vn.thidua.projection.asof.AsOfUnavailable;
import vn.thidua.projection.rebuild.RebuildInProgress;
import vn.thidua.projection.rebuild.RebuildNotFound;
import vn.thidua.query.audit.StreamNotFound;
import vn.thidua.query.catalogue.MovementNotFound;
import vn.thidua.query.live.LiveBusy;
import vn.thidua.query.taskresult.TaskResultNotFound;
import vn.thidua.query.webapp.NoLocalSignIn;
import vn.thidua.query.validation.InvalidParameter;
import vn.thidua.security.ThiduaSecurityConfiguration;
import vn.thidua.security.ThrottledLog;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Errors of the report API as {@code application/problem+json}, same types as the command side: the exceptions of the
 * features (a movement, a stream not found), of the projection runtime (a projection, a rebuild not found, a rebuild
 * already running, a report as of an instant too large or not computed now) and of the request.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://thidua.tuphap.vn/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /** Seconds a client waits before asking again while the database is away: about a restart's time. */
    static final int STORE_RETRY_AFTER_SECONDS = 2;
    /** Refusals of a report as of an instant when every fold slot is busy: one line a minute. */
    private final ThrottledLog asOfBusyLog = new ThrottledLog(Duration.ofMinutes(1), 1);

    /**
     * Refused inside the MVC layer: a role check of {@code @PreAuthorize} ({@link AuthorizationDeniedException}) or an
     * object-level check ({@link vn.thidua.query.access.Access#unitScope}). Logged with who asked; 403, never a 5xx.
     */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e, HttpServletRequest request) {
        boolean role = e instanceof AuthorizationDeniedException;
        ThiduaSecurityConfiguration.denied(request, (role ? "role: " : "object: ") + e.getMessage());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
                        role ? "Your role may not do this" : e.getMessage()));
    }

    /** No authenticated caller reached a secured method (the filter chain normally answers first): 401, never a 5xx. */
    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e, HttpServletRequest request) {
        log.warn("Authentication failed: endpoint={} {} reason={}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer token is required",
                        "Send Authorization: Bearer <token>"));
    }

    /** The thing asked for does not exist (404). */
    @ExceptionHandler({MovementNotFound.class, StreamNotFound.class, ProjectionNotFound.class, RebuildNotFound.class,
            TaskResultNotFound.class, NoLocalSignIn.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource", e.getMessage());
    }

    /** Another rebuild or verification of the projection is running (409). */
    @ExceptionHandler(RebuildInProgress.class)
    ProblemDetail conflict(RebuildInProgress e) {
        return problem(HttpStatus.CONFLICT, "rebuild-in-progress", "Conflict with the current state", e.getMessage());
    }

    /** Valid, but beyond what one request may cost (422): a report as of an instant over too many events. */
    @ExceptionHandler(AsOfTooLarge.class)
    ProblemDetail tooLarge(AsOfTooLarge e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "as-of-too-large", "More than this service computes for one request",
                e.getMessage());
    }

    /** A parameter broke its constraint: each offending parameter named in {@code errors}, with the constraint's message. */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalid(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .sorted(Comparator.comparing((Map<String, String> m) -> m.get("field")))
                .toList();
        return invalid(errors);
    }

    @ExceptionHandler(InvalidParameter.class)
    ProblemDetail invalid(InvalidParameter e) {
        return invalid(List.of(Map.of("field", e.field(), "message", e.getMessage())));
    }

    /**
     * A value the code underneath could not use: {@code 400} without the exception's text, which is the library's and
     * may tell how the service is built; logged in one line.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e, HttpServletRequest request) {
        log.info("Invalid request: endpoint={} {} reason={}", request.getMethod(), request.getRequestURI(), e.toString());
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid",
                "A parameter has a value this service cannot use");
    }

    /**
     * The query database did not answer (down, cut off, too slow): {@code 503} with {@code Retry-After}, logged in one
     * line, never a 500. The exception may come wrapped (e.g. by a fold as of an instant).
     */
    @ExceptionHandler(MongoException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(MongoException e) {
        log.warn("503 store-unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(STORE_RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "The report store is not available",
                        "The report database did not answer; retry after Retry-After seconds"));
    }

    /** This instance serves as many live streams as it may (503 with {@code Retry-After}). */
    @ExceptionHandler(LiveBusy.class)
    ResponseEntity<ProblemDetail> liveBusy(LiveBusy e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "live-busy", "Not computed now", e.getMessage()));
    }

    /**
     * A report as of an instant not computed now (503): every fold slot busy (with {@code Retry-After}; logged at most
     * once a minute), or its fold abandoned after the timeout (logged where it was abandoned).
     */
    @ExceptionHandler(AsOfUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(AsOfUnavailable e) {
        boolean busy = e.reason() == AsOfUnavailable.Reason.BUSY;
        if (busy) {
            long notLogged = asOfBusyLog.admit("as-of-busy");
            if (notLogged >= 0) {
                log.warn("Report as of an instant refused: {}{}", e.getMessage(), ThrottledLog.tail(notLogged));
            }
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        }
        return answer.body(problem(HttpStatus.SERVICE_UNAVAILABLE, busy ? "as-of-busy" : "as-of-too-slow", "Not computed now",
                e.getMessage()));
    }

    private static ProblemDetail invalid(List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid",
                errors.stream().map(m -> m.get("field") + ": " + m.get("message")).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** {@code ?page=abc}: the same problem type as any other invalid parameter, not Spring's {@code about:blank}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return notOfItsType(name, e.getValue());
    }

    /**
     * A parameter of a request record that is not of its type ({@code ?year=abc}): as {@link #handleTypeMismatch},
     * naming the first such parameter in the record's order. (The record's constraints are checked by the method
     * validation, {@link RequestRecords}: should the binder find one broken, it is refused as any other.)
     */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Optional<FieldError> failed = e.getFieldErrors().stream().filter(FieldError::isBindingFailure).findFirst();
        if (failed.isPresent()) {
            Object value = failed.get().getRejectedValue();
            return notOfItsType(failed.get().getField(),
                    value instanceof Object[] values && values.length == 1 ? values[0] : value);
        }
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .sorted(Comparator.comparing((Map<String, String> m) -> m.get("field")))
                .toList();
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(invalid(errors));
    }

    private static ResponseEntity<Object> notOfItsType(String name, Object value) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid",
                "%s: '%s' is not a valid value".formatted(name, value));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + kind));
        problem.setTitle(title);
        return problem;
    }
}
