package vn.thidua.security;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries: Spring Security writes them on everything that passes its filter chain
 * ({@link ThiduaSecurityConfiguration}); {@link ProblemErrorReportValve} writes the same on what the servlet container
 * refuses before the chain runs.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "frame-ancestors 'none'";
    static final long HSTS_MAX_AGE_SECONDS = 31_536_000;

    private SecurityHeaders() {
    }

    /** Spring Security's defaults as configured here; HSTS only over HTTPS, as Spring Security does. */
    static void write(HttpServletResponse response, boolean secure) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("Referrer-Policy", "no-referrer");
        if (secure) {
            response.setHeader("Strict-Transport-Security", "max-age=" + HSTS_MAX_AGE_SECONDS + " ; includeSubDomains");
        }
    }
}
