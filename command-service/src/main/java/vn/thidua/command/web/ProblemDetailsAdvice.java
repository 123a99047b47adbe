package vn.thidua.command.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.command.rules.NotFound;
import vn.thidua.security.BodyTooLarge;
import vn.thidua.security.ThiduaSecurityConfiguration;
import org.springframework.security.access.AccessDeniedException;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.reference.StructureRefused;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every error leaves as {@code application/problem+json} with a stable {@code type} per kind of error. */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    public static final String TYPE_BASE = "https://thidua.tuphap.vn/problems/";

    public static URI type(String kind) {
        return URI.create(TYPE_BASE + kind);
    }

    @ExceptionHandler(RuleViolation.class)
    ProblemDetail ruleViolated(RuleViolation e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "rule-violated", "A business rule forbids this", e.getMessage());
        problem.setProperty("rule", e.rule());
        return problem;
    }

    @ExceptionHandler(InvalidCommand.class)
    ProblemDetail invalidCommand(InvalidCommand e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid", e.getMessage());
        problem.setProperty("rule", e.rule());
        problem.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return problem;
    }

    /** An imported list refused as a whole: one entry of {@code errors} per wrong line, with its number and reason. */
    @ExceptionHandler(StructureRefused.class)
    ProblemDetail structureRefused(StructureRefused e, HttpServletRequest request) {
        List<Map<String, Object>> errors = e.problems().stream().map(p -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", "csv");
            error.put("line", p.line());
            if (p.code() != null) {
                error.put("code", p.code());
            }
            error.put("message", p.reason());
            return error;
        }).toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The list is refused; nothing of it was imported",
                e.problems().size() + " line(s) refused; first: " + e.problems().get(0));
        problem.setProperty("rule", "structure-refused");
        problem.setProperty("errors", errors);
        log.info("Refused: {} {} -> 400 {}", request.getMethod(), request.getRequestURI(), problem.getDetail());
        return problem;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource",
                "Nothing is registered under the id %s".formatted(e.getAggregateIdentifier()));
    }

    /** A path or query parameter broke its constraint (e.g. a commune code that is not 5 digits). */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid",
                summary(errors));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** "field: message; field: message" — the detail of a problem with several offending fields. */
    private static String summary(List<Map<String, String>> errors) {
        return errors.stream().map(m -> m.get("field") + ": " + m.get("message")).reduce((a, b) -> a + "; " + b).orElse("invalid");
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e, HttpServletRequest request) {
        ThiduaSecurityConfiguration.denied(request, e.getMessage());
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", e.getMessage());
    }

    /** A role check of {@code @PreAuthorize} failed inside the MVC layer. */
    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e, HttpServletRequest request) {
        ThiduaSecurityConfiguration.denied(request, "role: " + e.getMessage());
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", "Your role may not do this");
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such resource", e.getMessage());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentChange(ConcurrencyException e) {
        return problem(HttpStatus.CONFLICT, "concurrent-change", "Changed at the same time by another request",
                "Another request changed the same resource first; read it again and retry");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsAdvice::describe).toList();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "The request is not valid",
                summary(errors));
        problem.setProperty("errors", errors);
        refused(request, problem);
        return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The body is not strict JSON of the request's shape, or a value in it was refused while reading (see {@link StrictJson}). */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        BodyTooLarge tooLarge = BodyTooLarge.in(e);
        if (tooLarge != null) { // a chunked body cut at the limit while Jackson read it (logged by the security filter)
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "The body is too large", tooLarge.detail()));
        }
        List<Map<String, String>> errors = List.of(JsonProblems.describe(e.getMostSpecificCause()));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-body", "The body cannot be read", summary(errors));
        problem.setProperty("errors", errors);
        refused(request, problem);
        return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** One line per refused body: what was wrong, never the value sent. */
    private static void refused(WebRequest request, ProblemDetail problem) {
        if (request instanceof ServletWebRequest servlet) {
            log.info("Refused: {} {} -> 400 {}", servlet.getRequest().getMethod(), servlet.getRequest().getRequestURI(),
                    problem.getDetail());
        }
    }

    /**
     * The store or the command bus did not answer: {@code 503} with {@code Retry-After}, never a 500. A store outage
     * ({@link StoreUnavailable}) is logged in one line; anything else with its stack trace.
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        com.mongodb.MongoException store = StoreUnavailable.in(e);
        ProblemDetail problem;
        if (store != null) {
            StoreUnavailable.LOG.warn("503 {}: {}", StoreUnavailable.KIND, store.toString());
            problem = problem(HttpStatus.SERVICE_UNAVAILABLE, StoreUnavailable.KIND, StoreUnavailable.TITLE, StoreUnavailable.DETAIL);
        } else {
            log.error("Unexpected failure", e);
            problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The service could not complete the request",
                    "The request could not be completed (the store or the command bus did not answer); it may or may not have "
                            + "been recorded: retry with the same Idempotency-Key, which records it at most once");
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(StoreUnavailable.RETRY_AFTER_SECONDS)).body(problem);
    }

    private static Map<String, String> describe(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    static ProblemDetail problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(kind));
        problem.setTitle(title);
        return problem;
    }
}
