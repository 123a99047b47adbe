package vn.thidua.command.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import vn.thidua.command.web.Caller;
import vn.thidua.command.web.RequestOutcome;
import vn.thidua.security.Problems;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every {@code POST} with an {@code Idempotency-Key} is answered once: a retry with the same key and the same
 * request gets the first answer again and records nothing; the same key with another request gets {@code 422};
 * a retry while the first attempt is still running waits for its answer.
 * <p>
 * Requests are the same when method, path and body are equal as JSON (key order, whitespace and Unicode
 * normalisation do not count). Answers are remembered when the command reached the aggregate and got a decision
 * (2xx, or a 4xx the rules gave); an answer that decided nothing (5xx, a concurrent change, a malformed body)
 * releases the key so a retry runs again. The event store refuses a second commit of the same submission, so
 * even a retry that takes over a first attempt that died after storing its events records nothing twice.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Set<String> REPLAYED_HEADERS = Set.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE);

    private final Submissions submissions;
    private final ObjectMapper json;
    private final Duration wait;

    public IdempotencyFilter(Submissions submissions, ObjectMapper json, Duration wait) {
        this.submissions = submissions;
        this.json = json;
        this.wait = wait;
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
        String submissionId = Caller.submissionOf(Caller.subjectOf(request), key);
        String fingerprint = fingerprint(request.getMethod(), request.getRequestURI(), body);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Submissions.Claim claim = submissions.claim(submissionId, fingerprint);
            if (claim instanceof Submissions.Claim.Owned owned) {
                execute(request, response, chain, body, owned);
                return;
            }
            if (claim instanceof Submissions.Claim.Answered answered) {
                replay(response, answered.answer());
                return;
            }
            if (claim instanceof Submissions.Claim.Mismatch) {
                Problems.write(response, 422, "idempotency-key-reused", "The Idempotency-Key was used for another request",
                        "This Idempotency-Key was first sent with a different request; use a new key for a new submission");
                return;
            }
            if (System.nanoTime() > deadline) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                Problems.write(response, 409, "submission-in-progress", "The first attempt is still running",
                        "A request with this Idempotency-Key is still being processed; retry in a moment to get its answer");
                return;
            }
            sleep();
        }
    }

    private void execute(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] body,
                         Submissions.Claim.Owned owned) throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        if (owned.takeover()) {
            request.setAttribute(RequestOutcome.TAKEOVER, Boolean.TRUE);
        }
        try {
            chain.doFilter(new BodyRequest(request, body), captured);
        } catch (IOException | ServletException | RuntimeException e) {
            submissions.release(owned.lease());
            throw e;
        }
        int status = captured.getStatus();
        boolean decided = Boolean.TRUE.equals(request.getAttribute(RequestOutcome.COMMAND_SENT))
                && request.getAttribute(RequestOutcome.RETRYABLE) == null && status < 500;
        if (decided) {
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
            submissions.answer(owned.lease(), new SubmissionRecord(status, headers,
                    new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8)));
        } else {
            submissions.release(owned.lease());
        }
        captured.copyBodyToResponse();
    }

    private static void replay(HttpServletResponse response, SubmissionRecord answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setHeader("Idempotent-Replayed", "true");
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Method, path and body as canonical JSON (sorted keys, NFC text), hashed. */
    public String fingerprint(String method, String path, byte[] body) {
        String canonical;
        try {
            canonical = body.length == 0 ? "" : json.writeValueAsString(sorted(json.readTree(body)));
        } catch (JsonProcessingException e) {
            canonical = HexFormat.of().formatHex(body); // not JSON: the request will be refused; compare bytes
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String request = method + " " + path + "\n" + Normalizer.normalize(canonical, Normalizer.Form.NFC);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(f -> fields.put(f.getKey(), sorted(f.getValue())));
            ObjectNode out = json.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(sorted(n)));
            return json.createArrayNode().addAll(items);
        }
        return node;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a first attempt", e);
        }
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
