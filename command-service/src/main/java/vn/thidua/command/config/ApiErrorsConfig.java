package vn.thidua.command.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.security.ProblemKind;
import vn.thidua.security.ProblemResponses;
import vn.thidua.security.ProblemResponses.Facts;
import vn.thidua.security.SecuritySettings;

import java.util.List;
import java.util.Map;

/**
 * The errors the command API answers, as its description lists them per operation (ProblemResponses): what each kind
 * is, an example as the service sends it, and which operations can answer it. The conditions follow the code that
 * answers: the advice (web/ProblemDetailsAdvice), the idempotency filter (every POST), the aggregates' rules.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorsConfig {

    @Bean
    ProblemResponses problemResponses(SecuritySettings security) {
        return new ProblemResponses(List.of(
                ProblemKind.of("invalid-request", 400, "invalid-request", "The request is not valid",
                        "A field or parameter breaks its constraints, or the request breaks a rule of its own (a period "
                                + "outside the movement, an indicator the task does not have); errors names each field",
                        "values: must not be empty")
                        .with("errors", List.of(Map.of("field", "values", "message", "must not be empty")))
                        .when(Facts::validatesInput),
                ProblemKind.of("malformed-body", 400, "malformed-body", "The body cannot be read",
                        "The body is not JSON of the expected shape: a syntax error, an unknown field, a value of the wrong type",
                        "Unknown field 'x'")
                        .when(Facts::hasBody),
                ProblemKind.of("idempotency-key-invalid", 400, "invalid-request", "Idempotency-Key is not valid",
                        "The Idempotency-Key header is not 1 to 200 visible ASCII characters",
                        "An Idempotency-Key is 1 to 200 visible ASCII characters, e.g. a UUID")
                        .when(Facts::isPost),
                ProblemKind.unauthenticated(),
                ProblemKind.forbiddenRole(),
                ProblemKind.of("forbidden-unit", 403, "forbidden", "Not allowed",
                        "A unit's reporter named another unit (its result or its activity), whether that exists or not",
                        "A reporter of unit PTP-213 may not act for unit PTP-215")
                        .when(f -> f.admits("UNIT_REPORTER")),
                ProblemKind.of("forbidden-province", 403, "forbidden", "Not allowed",
                        "What the command touches belongs to another province than the caller's (a movement, unit, commune or "
                                + "result), or the Ministry's caller acts on a province's object; a token naming no province "
                                + "changes nothing",
                        "A caller of province 19 may not act on movement TDTN-2018 of province 24")
                        .when(Facts::isPost),
                ProblemKind.of("structure-refused", 400, "invalid-request", "The list is refused; nothing of it was imported",
                        "An imported list has lines that do not read or do not fit the register; errors has one entry per "
                                + "line, with its number and reason",
                        "1 line(s) refused; first: line 4 (07225): unknown parent 213: no unit of that code on 2026-01-01 in this file")
                        .with("rule", "structure-refused")
                        .with("errors", List.of(Map.of("field", "csv", "line", 4, "code", "07225",
                                "message", "unknown parent 213: no unit of that code on 2026-01-01 in this file")))
                        .when(f -> f.path().startsWith("/api/v1/structure/")),
                ProblemKind.of("movement-not-found", 404, "not-found", "No such resource",
                        "No movement is registered under the id in the path", "Nothing is registered under the id KHONG-CO")
                        .when(f -> f.namesObject() && f.path().startsWith("/api/v1/movements/")),
                ProblemKind.of("result-not-found", 404, "not-found", "No such resource",
                        "No result is recorded under the id in the path",
                        "Nothing is registered under the id TDTN-2018~3~PTP-213~2018-Q2")
                        .when(f -> f.namesObject() && f.path().startsWith("/api/v1/task-results/")),
                ProblemKind.of("rule-violated", 409, "rule-violated", "A business rule forbids this",
                        "A business rule forbids the command in the current state; rule names it",
                        "Movement TDTN-2018 is closed")
                        .with("rule", "movement-closed")
                        .when(Facts::isPost),
                ProblemKind.of("concurrent-change", 409, "concurrent-change", "Changed at the same time by another request",
                        "Another request changed the same object first; read it again and retry",
                        "Another request changed the same resource first; read it again and retry")
                        .when(Facts::isPost),
                ProblemKind.of("submission-in-progress", 409, "submission-in-progress", "The first attempt is still running",
                        "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds for its answer",
                        "A request with this Idempotency-Key is still being processed; retry in a moment to get its answer")
                        .header(ProblemKind.RETRY_AFTER, "Seconds to wait before retrying")
                        .when(Facts::isPost),
                ProblemKind.payloadTooLarge(security.maxBodyBytes()),
                ProblemKind.unsupportedMediaType(),
                ProblemKind.of("idempotency-key-reused", 422, "idempotency-key-reused",
                        "The Idempotency-Key was used for another request",
                        "The Idempotency-Key was first sent with a different request; a new submission needs a new key",
                        "This Idempotency-Key was first sent with a different request; use a new key for a new submission")
                        .when(Facts::isPost),
                ProblemKind.rateLimited(security.requestsPerMinute()),
                ProblemKind.of("store-unavailable", 503, "store-unavailable", "The event store is not available",
                        "The event database did not answer (down, cut off, refusing writes): a command may or may not be "
                                + "recorded; retry after Retry-After seconds with the same Idempotency-Key",
                        "The event store did not answer; the request may or may not have been recorded: retry after "
                                + "Retry-After seconds with the same Idempotency-Key, which records it at most once")
                        .header(ProblemKind.RETRY_AFTER, "Seconds to wait before retrying"),
                ProblemKind.of("unavailable", 503, "unavailable", "The service could not complete the request",
                        "The store or the command bus did not answer: a command may or may not be recorded; retry with the "
                                + "same Idempotency-Key, which records it at most once",
                        "The request could not be completed (the store or the command bus did not answer); it may or may "
                                + "not have been recorded: retry with the same Idempotency-Key, which records it at most once")
                        .header(ProblemKind.RETRY_AFTER, "Seconds to wait before retrying")));
    }
}
