package vn.thidua.command.submission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts the submissions of requests with an {@code Idempotency-Key}: a retry with the same key and the same request
 * gets the first answer again and records nothing; the same key with another request is refused; a retry while the
 * first attempt is still running waits for its answer. What the attempt that holds the key does is decided by its
 * {@link Submission}.
 * <p>
 * Requests are the same when method, path and body are equal as JSON (key order, whitespace and Unicode normalisation
 * do not count). The key store ({@link Submissions}) is shared by all instances and kept across restarts.
 */
public class Idempotency {

    private final Submissions store;
    private final MongoCommitLog log;
    private final ObjectMapper json;
    private final Duration wait;

    /** @param json the mapper that reads request bodies, so a body it refuses is fingerprinted by its bytes */
    public Idempotency(Submissions store, MongoCommitLog log, ObjectMapper json, Duration wait) {
        this.store = store;
        this.log = log;
        this.json = json;
        this.wait = wait;
    }

    /** How a keyed request starts. */
    public sealed interface Start {
        /** This attempt holds the key: run the request, then {@link Submission#finish} (or abandon) it. */
        record Run(Submission submission) implements Start { }

        /** The key was answered: replay the answer. */
        record Replay(SubmissionRecord answer) implements Start { }

        /** The key was first used with another request. */
        record KeyReused() implements Start { }

        /** Another attempt still held the key at the end of the wait. */
        record StillRunning() implements Start { }
    }

    /** Claims the key of {@code subject}'s request, waiting up to {@code thidua.idempotency.wait} while another attempt holds it. */
    public Start start(String subject, String key, String method, String path, byte[] body) {
        String id = Submission.idOf(subject, key);
        String fingerprint = fingerprint(method, path, body);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Submissions.Claim claim = store.claim(id, fingerprint);
            if (claim instanceof Submissions.Claim.Owned owned) {
                return new Start.Run(new Submission(id, key, owned.lease(), owned.takeover(), store, log));
            }
            if (claim instanceof Submissions.Claim.Answered answered) {
                return new Start.Replay(answered.answer());
            }
            if (claim instanceof Submissions.Claim.Mismatch) {
                return new Start.KeyReused();
            }
            if (System.nanoTime() > deadline) {
                return new Start.StillRunning();
            }
            sleep();
        }
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
}
