package vn.thidua.demo;

import java.util.Objects;

/**
 * One {@code POST} of the scenario, complete: path, JSON body, who sends it (the claims of its bearer token, see
 * {@link Tokens}) and its {@code Idempotency-Key}.
 * Everything is a function of the scenario's seed, so two generations give equal requests.
 *
 * @param key            the {@code Idempotency-Key}, derived from what the request does
 *                       ({@code demo-2018:result:TDTN-2018:3:PTP-213:2018-Q2:record})
 * @param path           e.g. {@code /api/v1/movements/TDTN-2018/enrolments}
 * @param body           the JSON body, as sent
 * @param subject        the token's {@code sub}: {@code vp-thi-dua}, or {@code ptp-213} for a unit's reporter
 * @param role           the token's role: {@code PROVINCE_ADMIN} or {@code UNIT_REPORTER}
 * @param unitId         the token's {@code unitId} claim for a unit reporter, {@code null} for the province
 * @param captureField   a field of the {@code 201} answer whose value later paths of the same chain use
 *                       ({@code resultId}), or {@code null}
 * @param captureExpected the value the scenario expects in that field (used in the later paths; replaced there if
 *                       the server answers another one)
 * @param provinceCode   the token's {@code provinceCode} claim: a province's GSO code, {@code BTP} for the Ministry, or
 *                       {@code null} for none (the 2018 season: the stack's default province, 24)
 */
public record DemoRequest(String key, String path, String body, String subject, String role, String unitId,
                          String captureField, String captureExpected, String provinceCode) {

    public static final String PROVINCE_ADMIN = "PROVINCE_ADMIN";
    public static final String UNIT_REPORTER = "UNIT_REPORTER";

    /** A request of a sender whose token names no province (the stack's default province). */
    public DemoRequest(String key, String path, String body, String subject, String role, String unitId,
                       String captureField, String captureExpected) {
        this(key, path, body, subject, role, unitId, captureField, captureExpected, null);
    }

    public DemoRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
    }

    /** The same request sent to another path (after a captured id differed from the expected one). */
    DemoRequest withPath(String newPath) {
        return new DemoRequest(key, newPath, body, subject, role, unitId, captureField, captureExpected, provinceCode);
    }

    @Override
    public String toString() {
        return "POST " + path + " [" + key + "] " + body;
    }
}
