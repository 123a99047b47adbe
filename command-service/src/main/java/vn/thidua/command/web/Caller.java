package vn.thidua.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.MetaData;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.submission.Submission;
import vn.thidua.security.Principal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who sent a request, carried as command metadata and copied onto every event it causes. Identity comes from the
 * bearer token (subject, role, unit, province: see {@link Principal}).
 *
 * @param provinceCode  the caller's province ({@code 24}) or {@code BTP} for the Ministry; a token that names none
 *                      (with no default province configured) is refused here: it may change nothing
 * @param submission    the submission the request makes: its id is derived from the caller and its
 *                      {@code Idempotency-Key}, so a retry carries the same id (the event store refuses a second commit of
 *                      one submission); random without a key. It decides whether the command runs ({@link CommandSender}).
 * @param correlationId the request's {@code X-Correlation-Id} (1 to 128 visible ASCII characters, else the request is
 *                      refused: it is stored on every event), or a new id
 */
public record Caller(String subject, String role, String unitId, String provinceCode, Submission submission,
                     String correlationId, String clientAddress) {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** 1 to 128 visible ASCII characters: the correlation id is stored on every event the request causes. */
    public static final String CORRELATION_PATTERN = "[\\x21-\\x7E]{1,128}";
    private static final Pattern CORRELATION_ID = Pattern.compile(CORRELATION_PATTERN);

    public static Caller of(HttpServletRequest request) {
        Principal principal = Principal.current().orElseThrow(
                () -> new IllegalStateException("A command endpoint was reached without an authenticated caller"));
        String subject = principal.subject();
        String correlation = blankToNull(request.getHeader(CORRELATION_HEADER));
        if (correlation != null && !CORRELATION_ID.matcher(correlation).matches()) {
            throw new InvalidCommand("correlation-id", CORRELATION_HEADER,
                    "X-Correlation-Id must be 1 to 128 visible ASCII characters (e.g. a UUID)");
        }
        if (principal.provinceCode() == null) {
            throw new Forbidden("The token names no province (claim %s) and the service has no default province"
                    .formatted(Principal.PROVINCE_CLAIM));
        }
        return new Caller(subject,
                principal.role() == null ? "NONE" : principal.role().name(),
                principal.unitId(),
                principal.provinceCode(),
                IdempotencyFilter.submissionOf(request),
                correlation == null ? UUID.randomUUID().toString() : correlation,
                request.getRemoteAddr());
    }

    /** Who the token says is calling; idempotency keys are scoped by it. */
    public static String subjectOf(HttpServletRequest request) {
        return Principal.current().map(Principal::subject).orElse("anonymous");
    }

    /** Unique per submission, the same on every retry of it. */
    public String submissionId() {
        return submission.id();
    }

    /** The request's {@code Idempotency-Key}, or {@code null}. */
    public String idempotencyKey() {
        return submission.key();
    }

    /** An id for something this submission creates (e.g. an activity): the same on every retry of the submission. */
    public String derivedId(String purpose) {
        return UUID.nameUUIDFromBytes((purpose + "\n" + submissionId()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public MetaData metaData() {
        Map<String, Object> values = new HashMap<>();
        values.put("subject", subject);
        values.put("role", role);
        if (unitId != null) {
            values.put("unitId", unitId);
        }
        values.put("provinceCode", provinceCode);
        values.put("submissionId", submissionId());
        if (idempotencyKey() != null) {
            values.put("idempotencyKey", idempotencyKey());
        }
        values.put("correlationId", correlationId);
        values.put("clientAddress", clientAddress);
        return MetaData.from(values);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
