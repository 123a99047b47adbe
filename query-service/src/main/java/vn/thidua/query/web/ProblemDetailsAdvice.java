package vn.thidua.query.web;

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
import vn.thidua.security.ThiduaSecurityConfiguration;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Errors of the report API as {@code application/problem+json}, same types as the command side. */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://thidua.tuphap.vn/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /**
     * Refused inside the MVC layer: a role check of {@code @PreAuthorize} ({@link AuthorizationDeniedException}) or an
     * object-level check ({@link Access#unitScope}). Logged with who asked; 403, never a 5xx.
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

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource", e.getMessage());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        return problem(HttpStatus.CONFLICT, e.kind, "Conflict with the current state", e.getMessage());
    }

    @ExceptionHandler(TooLarge.class)
    ProblemDetail tooLarge(TooLarge e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, e.kind, "More than this service computes for one request", e.getMessage());
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

    @ExceptionHandler(Invalid.class)
    ProblemDetail invalid(Invalid e) {
        return invalid(List.of(Map.of("field", e.field, "message", e.getMessage())));
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

    /** 503, with {@code Retry-After} when there is a time worth waiting for. */
    @ExceptionHandler(Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(Unavailable e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterSeconds > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds));
        }
        return answer.body(problem(HttpStatus.SERVICE_UNAVAILABLE, e.kind, "Not computed now", e.getMessage()));
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

    /** The thing asked for does not exist (404). */
    public static class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request conflicts with what is going on (409), e.g. a rebuild already running. */
    public static class Conflict extends RuntimeException {
        final String kind;

        public Conflict(String kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    /** A parameter that is not valid (400), named with what is wrong with it. */
    public static class Invalid extends RuntimeException {
        final String field;

        public Invalid(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    /**
     * Cannot be computed now (503), e.g. every slot for a report as of an instant is busy; {@code retryAfterSeconds}
     * &gt; 0 is sent as {@code Retry-After}.
     */
    public static class Unavailable extends RuntimeException {
        final String kind;
        final long retryAfterSeconds;

        public Unavailable(String kind, String message, long retryAfterSeconds) {
            super(message);
            this.kind = kind;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** Valid, but beyond what one request may cost (422), e.g. a report as of an instant over too many events. */
    public static class TooLarge extends RuntimeException {
        final String kind;

        public TooLarge(String kind, String message) {
            super(message);
            this.kind = kind;
        }
    }
}
