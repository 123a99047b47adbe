package vn.thidua.security;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's error report for what it refuses before the application sees the request — a header over
 * {@code server.max-http-request-header-size}, an encoded {@code /} or NUL in the path, an unencoded {@code [ ]} in
 * the query: a problem+json with the status and nothing else, and the security headers every other answer carries,
 * instead of Tomcat's HTML page. One line is logged (at most one a minute per address, {@link ThrottledLog}).
 * Installed in place of Tomcat's valve by {@link ThiduaSecurityConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);
    private final ThrottledLog throttled;

    public ProblemErrorReportValve(ThrottledLog throttled) {
        this.throttled = throttled;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return; // not an error, or the application answered it
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is gone
        }
        logRefusal(request, status);
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            SecurityHeaders.write(response, request.isSecure());
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(status, kind(status), title, status == 400
                        ? "The server could not read the request (its line, a header or the path)" : title, null));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone: nothing to answer
        }
    }

    private void logRefusal(Request request, int status) {
        String address = ClientAddress.of(request.getRemoteAddr());
        long notLogged = throttled.admit("refused-by-the-server " + address);
        if (notLogged >= 0) {
            log.warn("Refused by the server before the application: status={} address={} endpoint={} {}{}", status, address,
                    ThrottledLog.printable(request.getMethod()), ThrottledLog.printable(request.getRequestURI()),
                    ThrottledLog.tail(notLogged));
        }
    }

    static String kind(int status) {
        return switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 413 -> "payload-too-large";
            case 429 -> "rate-limited";
            default -> status >= 500 ? "internal-error" : "request-failed";
        };
    }
}
