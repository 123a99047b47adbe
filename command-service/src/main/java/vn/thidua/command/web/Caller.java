package vn.thidua.command.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.messaging.MetaData;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who sent a request, carried as command metadata and copied onto every event it causes.
 * Until token authentication lands, identity comes from development headers
 * ({@code X-Subject}, {@code X-Role}, {@code X-Unit-Id}).
 */
public record Caller(String subject, String role, String unitId, String submissionId, String clientAddress) {

    public static final String SUBJECT_HEADER = "X-Subject";
    public static final String ROLE_HEADER = "X-Role";
    public static final String UNIT_HEADER = "X-Unit-Id";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    public static Caller of(HttpServletRequest request) {
        String key = request.getHeader(IDEMPOTENCY_HEADER);
        return new Caller(
                orDefault(request.getHeader(SUBJECT_HEADER), "anonymous"),
                orDefault(request.getHeader(ROLE_HEADER), "UNKNOWN"),
                request.getHeader(UNIT_HEADER),
                key == null || key.isBlank() ? UUID.randomUUID().toString() : key,
                request.getRemoteAddr());
    }

    public MetaData metaData() {
        Map<String, Object> values = new HashMap<>();
        values.put("subject", subject);
        values.put("role", role);
        if (unitId != null) {
            values.put("unitId", unitId);
        }
        values.put("submissionId", submissionId);
        values.put("clientAddress", clientAddress);
        return MetaData.from(values);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
