package vn.thidua.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One kind of error a service answers, as the API description shows it ({@link ProblemResponses}): its status, its
 * stable {@code type}, title, an example body, the response headers that come with it, and the operations that can
 * answer it.
 *
 * @param name      the example's name in the description (unique within a service), e.g. {@code rule-violated}
 * @param summary   what happened, for a client, in one sentence
 * @param extras    members of the example beyond type, title, status and detail (e.g. {@code rule}, {@code errors})
 * @param headers   response headers that come with it: name → description (the value is an integer of seconds when
 *                  the name is {@code Retry-After})
 * @param appliesTo which operations can answer it
 */
public record ProblemKind(String name, int status, String type, String title, String summary, String detail,
                          Map<String, Object> extras, Map<String, String> headers,
                          Predicate<ProblemResponses.Facts> appliesTo) {

    public static final String RETRY_AFTER = "Retry-After";

    /** A kind of problem of ours, typed {@code https://thidua.tuphap.vn/problems/<kind>}, answered by every operation. */
    public static ProblemKind of(String name, int status, String kind, String title, String summary, String detail) {
        return new ProblemKind(name, status, Problems.TYPE_BASE + kind, title, summary, detail, Map.of(), Map.of(), f -> true);
    }

    /** A problem Spring MVC answers itself, typed {@code about:blank}: nothing beyond its HTTP status. */
    public static ProblemKind plain(String name, int status, String title, String summary, String detail) {
        return new ProblemKind(name, status, "about:blank", title, summary, detail, Map.of(), Map.of(), f -> true);
    }

    /** Only the operations that meet the condition can answer it. */
    public ProblemKind when(Predicate<ProblemResponses.Facts> condition) {
        return new ProblemKind(name, status, type, title, summary, detail, extras, headers, appliesTo.and(condition));
    }

    /** The example carries this member too. */
    public ProblemKind with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extras);
        more.put(member, value);
        return new ProblemKind(name, status, type, title, summary, detail, Map.copyOf(more), headers, appliesTo);
    }

    /** The answer carries this header. */
    public ProblemKind header(String header, String description) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, description);
        return new ProblemKind(name, status, type, title, summary, detail, extras, Map.copyOf(more), appliesTo);
    }

    /** The example body, in the order a client reads it. */
    public Map<String, Object> example() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extras);
        return body;
    }

    // ---- the kinds the filter chain of both services answers (ThiduaSecurityConfiguration, RateLimitFilter, BodySizeLimitFilter) ----

    /** No valid bearer token: every secured operation. */
    public static ProblemKind unauthenticated() {
        return of("unauthenticated", 401, "unauthenticated", "A valid bearer token is required",
                "No bearer token, or one that is expired, not signed by the issuer or malformed",
                "Send Authorization: Bearer <token>")
                .header("WWW-Authenticate", "The scheme to authenticate with: Bearer")
                .when(ProblemResponses.Facts::secured);
    }

    /** The caller's role may not call the operation: every operation with a role check. */
    public static ProblemKind forbiddenRole() {
        return of("forbidden-role", 403, "forbidden", "Not allowed", "The caller's role may not call this operation",
                "Your role may not do this")
                .when(ProblemResponses.Facts::roleChecked);
    }

    /** Too many requests from one caller: every secured operation. */
    public static ProblemKind rateLimited(int requestsPerMinute) {
        return of("rate-limited", 429, "rate-limited", "Too many requests",
                "The caller sent more requests than the service accepts per minute; retry after Retry-After seconds",
                "At most %d requests per minute per caller; retry after 2 s".formatted(requestsPerMinute))
                .header(RETRY_AFTER, "Seconds to wait before the next request is accepted")
                .when(ProblemResponses.Facts::secured);
    }

    /** A body over the size limit: every operation that takes a body. */
    public static ProblemKind payloadTooLarge(long maxBodyBytes) {
        return of("payload-too-large", 413, "payload-too-large", "The body is too large",
                "The request body is larger than the service accepts (%d bytes)".formatted(maxBodyBytes),
                "A request body is at most %d bytes".formatted(maxBodyBytes))
                .when(ProblemResponses.Facts::hasBody);
    }

    /** A body that is not JSON: every operation that takes a body (Spring MVC's own answer). */
    public static ProblemKind unsupportedMediaType() {
        return plain("unsupported-media-type", 415, "Unsupported Media Type",
                "The body is not sent as Content-Type: application/json",
                "Content-Type 'text/plain;charset=UTF-8' is not supported.")
                .when(ProblemResponses.Facts::hasBody);
    }
}
