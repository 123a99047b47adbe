package vn.thidua.command.web;

import com.mongodb.MongoException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import vn.thidua.command.submission.Idempotency;
import vn.thidua.command.submission.Submission;
import vn.thidua.command.submission.SubmissionRecord;
import vn.thidua.security.Problems;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP edge of idempotent submissions ({@link Idempotency}): every {@code POST} with an {@code Idempotency-Key} is
 * answered once. The filter reads the body and starts the submission. Then it replays the first answer (with
 * {@code Idempotent-Replayed: true}), or refuses ({@code 422} for a key used with another request, {@code 409} with
 * {@code Retry-After} while the first attempt still runs), or runs the request and hands its answer to the
 * {@link Submission}, which decides whether retries get it. The controller reaches the submission through
 * {@link Caller#of}.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Set<String> REPLAYED_HEADERS = Set.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE);
    private static final String SUBMISSION = Submission.class.getName();
    private static final String REPLAYED = "Idempotent-Replayed";

    private final Idempotency idempotency;

    public IdempotencyFilter(Idempotency idempotency) {
        this.idempotency = idempotency;
    }

    /** The submission a request makes: the one this filter started for its key, else one without a key. */
    static Submission submissionOf(HttpServletRequest request) {
        return request.getAttribute(SUBMISSION) instanceof Submission started ? started : Submission.withoutKey();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(Caller.IDEMPOTENCY_HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(Caller.IDEMPOTENCY_HEADER);
        if (!KEY.matcher(key).matches()) {
            Problems.write(response, 400, "invalid-request", "Idempotency-Key is not valid",
                    "An Idempotency-Key is 1 to 200 visible ASCII characters, e.g. a UUID");
            return;
        }
        // a chunked body over thidua.security.max-body-bytes fails here with BodyTooLarge: 413 from the security filter
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            Problems.write(response, 413, "payload-too-large", "The body is too large",
                    "A request body is at most %d bytes".formatted(MAX_BODY_BYTES));
            return;
        }
        Idempotency.Start start;
        try {
            start = idempotency.start(Caller.subjectOf(request), key, request.getMethod(), request.getRequestURI(), body);
        } catch (MongoException e) {
            StoreUnavailable.write(response, e);
            return;
        }
        if (start instanceof Idempotency.Start.Run run) {
            execute(request, response, chain, body, run.submission());
        } else if (start instanceof Idempotency.Start.Replay replay) {
            replay(response, replay.answer());
        } else if (start instanceof Idempotency.Start.KeyReused) {
            Problems.write(response, 422, "idempotency-key-reused", "The Idempotency-Key was used for another request",
                    "This Idempotency-Key was first sent with a different request; use a new key for a new submission");
        } else {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            Problems.write(response, 409, "submission-in-progress", "The first attempt is still running",
                    "A request with this Idempotency-Key is still being processed; retry in a moment to get its answer");
        }
    }

    private static void execute(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
                                Submission submission) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        request.setAttribute(SUBMISSION, submission);
        try {
            chain.doFilter(new BodyRequest(request, body), captured);
        } catch (IOException | ServletException | RuntimeException e) {
            try {
                submission.abandon();
            } catch (MongoException notReleased) {
                e.addSuppressed(notReleased);
            }
            throw e;
        }
        if (submission.isReplayOfStoredSubmission()) {
            captured.setHeader(REPLAYED, "true"); // an earlier attempt stored it; this one recorded nothing
        }
        try {
            submission.finish(answerOf(captured));
        } catch (MongoException e) {
            // the answer stands; the key stays claimed, and a retry here takes it over and answers as this attempt did
            StoreUnavailable.LOG.warn("The answer to {} {} could not be remembered for its retries: {}",
                    request.getMethod(), request.getRequestURI(), e.toString());
        }
        captured.copyBodyToResponse();
    }

    /** The answer as retries would get it: status, the headers worth replaying, body. */
    private static SubmissionRecord answerOf(ContentCachingResponseWrapper captured) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAYED_HEADERS) {
            String value = captured.getHeader(name);
            if (value == null && name.equals(HttpHeaders.CONTENT_TYPE)) {
                value = captured.getContentType();
            }
            if (value != null) {
                headers.put(name, value);
            }
        }
        return new SubmissionRecord(captured.getStatus(), headers,
                new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    private static void replay(HttpServletResponse response, SubmissionRecord answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED, "true");
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The request with its body already read, so the controller reads it again. */
    private static final class BodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
