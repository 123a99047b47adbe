package vn.thidua.command.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.command.testing.CommandApiTest;
import vn.thidua.command.testing.TestTokens;
import vn.thidua.command.text.Text;
import vn.thidua.eventlog.integrity.EventHash;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 1: text that is not valid Unicode, or holds control characters, is refused with a 400 naming the
 * field before anything is stored — in every request body. Whatever odd text is accepted is stored so that the
 * hash of the stored event, recomputed from what MongoDB holds, equals its stored hash, and the integrity check
 * stays verified.
 */
class UnicodeTextTest extends CommandApiTest {

    /** Well-formed pieces the generator strings together (none starts with a low or ends with a high surrogate). */
    static final List<String> ACCEPTED = List.of("a", "Z", "7", " ", "\t", "\n", "\r\n", "Tư pháp", "Tu\u031B pha\u0301p",
            "Nguyễn", "Nguye\u0302\u0303n", "hòa giải", "ho\u0300a gia\u0309i", "e\u0301", "\u0301", "\u0303\u0323", "😀",
            "👩‍👩‍👧", "🇻🇳", "\uD83D\uDC4D", "\uFFFD", "\uFEFF", "\uFFFF", "\uDBFF\uDFFF", "漢字", "\u200B", "\u2028",
            "\"", "\\", "/", "{\"$gt\":1}");
    /** Pieces that are refused wherever they stand among the accepted ones. */
    static final List<String> REFUSED = List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "\u0000",
            "\u0001", "\u0008", "\u000B", "\u000C", "\u001B", "\u001F", "\u007F", "\u0085", "\u009B", "\r ");

    String movement;

    @BeforeEach
    void movement() throws Exception {
        movement = registerMovement("ANNUAL", "2018-01-01", "2018-12-31");
        defineTask(movement, 1, "TT1");
        enrol(movement, "PTP-213");
    }

    /**
     * A JSON string literal holding {@code text}: control characters escaped, a surrogate without its partner either
     * escaped ({@code \ud800}) or, with {@code raw}, written as the three bytes a lax encoder makes of it
     * ({@code ED A0 80}); C1 controls raw or escaped alike.
     */
    static byte[] literal(String text, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.writeBytes(text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c) && raw) {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            } else if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || (!raw && Character.isISOControl(c))) {
                out.writeBytes("\\u%04x".formatted((int) c).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write('"');
        return out.toByteArray();
    }

    /** {@code template} with {@code %s} replaced by the literal bytes. */
    static byte[] body(String template, byte[] literal) {
        int at = template.indexOf("%s");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(template.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(literal);
        out.writeBytes(template.substring(at + 2).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    HttpResponse<String> post(String path, byte[] body, Map<String, String> as) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        TestTokens.asBearer(as).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String movementBody(String code) {
        return """
                {"code":"%s","title":%%s,"kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
                 "launchingPlan":{"number":"02/KH-STP","kind":"KH","issuer":"Sở Tư pháp","issuedOn":"2018-01-09","title":"Kế hoạch"}}"""
                .formatted(code);
    }

    void refusedNaming(String field, HttpResponse<String> r, long commitsBefore) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode problem = problem(r);
        assertThat(problem.get("type").asText()).startsWith("https://thidua.tuphap.vn/problems/");
        assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
        assertThat(r.body()).doesNotContain("Exception", "java.", "\uFFFD");
        assertThat(storedCommits()).as("nothing stored").isEqualTo(commitsBefore);
    }

    /** The stored event's hash, recomputed from the document MongoDB holds, equals the hash stored with it. */
    Document storedAndHashedAlike(String aggregateId, long sequence) {
        Document commit = events().find(Filters.eq("stream", aggregateId + "#" + sequence)).first();
        assertThat(commit).as("stored commit of %s", aggregateId).isNotNull();
        Document e = commit.getList("events", Document.class).get(0);
        String recomputed = EventHash.of(commit.getString("aggregateType"), commit.getString("aggregateId"), e.getLong("seq"),
                e.getString("eventId"), e.getString("type"), e.getString("revision"), e.getString("timestamp"),
                e.getString("payload"), e.getString("metadata"), e.getString("prevHash"));
        assertThat(recomputed).as("hash of the stored bytes").isEqualTo(e.getString("hash"));
        return e;
    }

    @Test
    void odd_but_valid_text_is_stored_as_sent_and_hashed_as_stored_and_invalid_text_is_refused_naming_the_field()
            throws Exception {
        Random random = new Random(1414);
        for (int i = 0; i < 120; i++) {
            StringBuilder text = new StringBuilder("Phong trào ");
            int pieces = 1 + random.nextInt(6);
            boolean refuse = random.nextInt(3) == 0;
            int refusedAt = random.nextInt(pieces);
            for (int p = 0; p < pieces; p++) {
                text.append(ACCEPTED.get(random.nextInt(ACCEPTED.size())));
                if (refuse && p == refusedAt) {
                    text.append(REFUSED.get(random.nextInt(REFUSED.size())));
                }
            }
            text.append(" kết");
            String title = text.toString();
            String code = newCode("TXT");
            long before = storedCommits();
            HttpResponse<String> r = post("/api/v1/movements", body(movementBody(code), literal(title, random.nextBoolean())), ADMIN);
            String what = "case %d: %s".formatted(i, title.chars().mapToObj(c -> "%04x".formatted(c)).toList());
            if (refuse) {
                assertThat(r.statusCode()).as(what).isEqualTo(400);
                refusedNaming("title", r, before);
                continue;
            }
            assertThat(r.statusCode()).as("%s -> %s", what, r.body()).isEqualTo(201);
            Document stored = storedAndHashedAlike(code, 0);
            assertThat(json.readTree(stored.getString("payload")).get("title").asText()).as(what).isEqualTo(Text.nfc(title));
        }
        JsonNode integrity = body(get("/api/v1/audit/integrity", AUDITOR));
        assertThat(integrity.get("verified").asBoolean()).as(integrity.toString()).isTrue();
    }

    @Test
    void a_lone_surrogate_is_refused_in_every_controller_escaped_or_as_raw_bytes() throws Exception {
        long before = storedCommits();
        String results = "/api/v1/movements/" + movement + "/key-tasks/1/results";
        for (boolean raw : List.of(false, true)) {
            refusedNaming("evidence", post(results, body("""
                    {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"evidence":%s}""",
                    literal("x \uD800 y", raw)), reporter("PTP-213")), before);
            refusedNaming("values[0].code", post(results, body("""
                    {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":%s,"value":1}]}""",
                    literal("TT\uDC00", raw)), reporter("PTP-213")), before);
            refusedNaming("indicators[0].name", post("/api/v1/movements/" + movement + "/key-tasks", body("""
                    {"taskNo":2,"title":"t","indicators":[{"code":"TT1","name":%s,"unitOfMeasure":"%","target":1}]}""",
                    literal("\uDBFFchỉ tiêu", raw)), ADMIN), before);
            refusedNaming("launchingPlan.issuer", post("/api/v1/movements", body(("""
                    {"code":"%s","title":"t","kind":"ANNUAL","periodStart":"2018-01-01","periodEnd":"2018-12-31",
                     "launchingPlan":{"number":"1","kind":"KH","issuer":%%s,"issuedOn":"2018-01-09","title":"t"}}""")
                    .formatted(newCode("TXT")), literal("Sở\uD83D", raw)), ADMIN), before);
            refusedNaming("pledges", post("/api/v1/movements/" + movement + "/enrolments", body("""
                    {"unitId":"PTP-215","enrolledOn":"2018-02-01","pledges":%s}""", literal("\uDFFF", raw)), ADMIN), before);
        }
        String commune = "/api/v1/movements/" + registerMovement("MULTI_YEAR", "2016-01-01", "2020-12-31") + "/communes/07225";
        assertThat(post(commune + "/supporters", """
                {"unitId":"PTP-213","decision":{"number":"1/QĐ","issuedOn":"2018-01-02"},"supportFrom":"2018-02-01"}""")
                .statusCode()).isEqualTo(201);
        long assigned = storedCommits();
        refusedNaming("description", post(commune + "/activities", body("""
                {"unitId":"PTP-213","type":"MEDIATOR_TRAINING","heldOn":"2018-05-12","participants":4,"description":%s}""",
                literal("x \uD800 y", true)), reporter("PTP-213")), assigned);
        refusedNaming("note", post(commune + "/assessments", body("""
                {"year":2018,"scores":{"tc1":14,"tc2":27.5,"tc3":22,"tc4":9,"tc5":18},"noOfficialDisciplined":true,
                 "assessedOn":"2018-12-10","note":%s}""", literal("\u0000", false)), ADMIN), assigned);
    }

    @Test
    void control_characters_other_than_tab_and_line_breaks_are_refused() throws Exception {
        long before = storedCommits();
        String results = "/api/v1/movements/" + movement + "/key-tasks/1/results";
        for (String bad : List.of("\u0000", "\u0007", "\u001B[31m", "\u007F", "\u0085", "line\rover")) {
            refusedNaming("evidence", post(results, body("""
                    {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"evidence":%s}""",
                    literal("Báo cáo " + bad, false)), reporter("PTP-213")), before);
        }
        // a raw control character inside a JSON string is not JSON at all: refused too, naming the field
        refusedNaming("evidence", post(results, """
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"evidence":"a\u0001b"}"""
                .getBytes(StandardCharsets.UTF_8), reporter("PTP-213")), before);

        String evidence = "Báo cáo số 45\tngày 30/6\nDòng 2\r\nDòng 3 😀";
        HttpResponse<String> ok = post(results, body("""
                {"unitId":"PTP-213","period":"2018-Q1","values":[{"code":"TT1","value":1}],"evidence":%s}""",
                literal(evidence, false)), reporter("PTP-213"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        Document stored = storedAndHashedAlike(movement + "~1~PTP-213~2018-Q1", 0);
        assertThat(json.readTree(stored.getString("payload")).get("evidence").asText()).isEqualTo(evidence);
    }
}
