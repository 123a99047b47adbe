package vn.thidua.query.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.security.ProblemKind;
import vn.thidua.security.ProblemResponses;
import vn.thidua.security.ProblemResponses.Facts;
import vn.thidua.security.SecuritySettings;

import java.util.List;
import java.util.function.Predicate;

/**
 * The errors the report API answers, as its description lists them per operation (ProblemResponses): what each kind
 * is, an example as the service sends it, and which operations can answer it. The conditions follow the code that
 * answers: the advice (web/ProblemDetailsAdvice), Access.unitScope, the lookups of the boards, the catalogue, the
 * audit log and the rebuilds.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorsConfig {

    /** The boards: unit-specific rows, read as of now or of an instant. */
    static final Predicate<Facts> BOARD = f -> f.under("GET", "/api/v1/reports/key-tasks")
            || f.under("GET", "/api/v1/reports/communes");

    /** One task result, named by its id. */
    static final Predicate<Facts> RESULT = f -> f.under("GET", "/api/v1/reports/task-results/");

    @Bean
    ProblemResponses problemResponses(SecuritySettings security) {
        return new ProblemResponses(List.of(
                ProblemKind.of("invalid-request", 400, "invalid-request", "The request is not valid",
                        "A parameter breaks its constraints or is not of its type; detail names it",
                        "list.size: must be less than or equal to 200")
                        .when(Facts::validatesInput),
                ProblemKind.plain("parameter-missing", 400, "Bad Request", "A required parameter is missing",
                        "Required parameter 'movementId' is not present.")
                        .when(Facts::requiresParameter),
                ProblemKind.unauthenticated(),
                ProblemKind.forbiddenRole(),
                ProblemKind.of("forbidden-unit", 403, "forbidden", "Not allowed",
                        "A unit's reporter asked for another unit's rows, whether the unit or the movement exists or not",
                        "A UNIT_REPORTER reads only its own unit PTP-213, not PTP-215")
                        .when(BOARD.or(RESULT)),
                ProblemKind.of("forbidden-rebuild", 403, "forbidden", "Not allowed",
                        "Only a PROVINCE_ADMIN rebuilds (mode REBUILD); an AUDITOR verifies",
                        "Only PROVINCE_ADMIN replaces a live projection; AUDITOR may VERIFY")
                        .when(f -> f.under("POST", "/api/v1/rebuilds")),
                ProblemKind.of("movement-not-found", 404, "not-found", "No such resource",
                        "No movement with this id in the catalogue", "No movement KHONG-CO in the catalogue")
                        .when(BOARD.or(f -> f.under("GET", "/api/v1/reports/movements/"))),
                ProblemKind.of("result-not-found", 404, "not-found", "No such resource",
                        "No result with this id on the key-task board",
                        "No result TDTN-2018~1~PTP-213~2018-Q4 on the key-task board")
                        .when(RESULT),
                ProblemKind.of("stream-not-found", 404, "not-found", "No such resource",
                        "No event of this stream in the audit log", "No events of a stream KHONG-CO in the audit log")
                        .when(f -> f.under("GET", "/api/v1/audit/streams/")),
                ProblemKind.of("rebuild-not-found", 404, "not-found", "No such resource",
                        "No rebuild or verification job with this id", "No rebuild 0a1b2c3d-0000-4000-8000-000000000000")
                        .when(f -> f.under("GET", "/api/v1/rebuilds/")),
                ProblemKind.of("projection-not-found", 404, "not-found", "No such resource",
                        "No projection of this name",
                        "No projection named khong-co (one of [movement-catalogue, audit-log, support-board, key-task-board])")
                        .when(f -> f.under("POST", "/api/v1/rebuilds") || f.under("POST", "/api/v1/audit/parked/retry")),
                ProblemKind.of("rebuild-in-progress", 409, "rebuild-in-progress", "Conflict with the current state",
                        "Another job of the same projection is running; follow it, then start again",
                        "Projection support-board is being rebuilt or verified (job 0a1b2c3d-0000-4000-8000-000000000000)")
                        .when(f -> f.under("POST", "/api/v1/rebuilds")),
                ProblemKind.of("as-of-too-large", 422, "as-of-too-large", "More than this service computes for one request",
                        "The movement has more events up to asOf than a report as of an instant folds (thidua.as-of.max-events)",
                        "Movement TD-2018 has more than 300000 events up to 2018-06-30T00:00:00Z: more than a report as of "
                                + "an instant folds (thidua.as-of.max-events)")
                        .when(BOARD),
                ProblemKind.of("as-of-busy", 503, "as-of-busy", "Not computed now",
                        "Every computation slot of reports as of an instant is busy (thidua.as-of.concurrency); retry after "
                                + "Retry-After seconds",
                        "All 2 computations of a report as of an instant are busy (thidua.as-of.concurrency); retry after 2 s")
                        .header("Retry-After", "Seconds to wait before asking again")
                        .when(BOARD),
                ProblemKind.of("as-of-too-slow", 503, "as-of-too-slow", "Not computed now",
                        "The report as of an instant was not computed within thidua.as-of.timeout and was abandoned",
                        "The report as of 2018-06-30T00:00:00Z could not be computed within 60 s (thidua.as-of.timeout); "
                                + "try again later")
                        .when(BOARD),
                ProblemKind.of("live-busy", 503, "live-busy", "Not computed now",
                        "This instance serves as many live streams as it may (thidua.live.max-streams); retry after "
                                + "Retry-After seconds",
                        "This instance already serves 1000 live streams (thidua.live.max-streams); retry after 30 s")
                        .header("Retry-After", "Seconds to wait before asking again")
                        .when(f -> f.under("GET", "/api/v1/reports/changes")),
                ProblemKind.of("store-unavailable", 503, "store-unavailable", "The report store is not available",
                        "The report database did not answer (down, cut off, too slow); retry after Retry-After seconds",
                        "The report database did not answer; retry after Retry-After seconds")
                        .header("Retry-After", "Seconds to wait before asking again"),
                ProblemKind.rateLimited(security.requestsPerMinute())));
    }
}
