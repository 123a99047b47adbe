package vn.thidua.eventlog.integrity;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hashed bytes are the UTF-8 the database stores: odd but well-formed text hashes as its standard UTF-8 encoding,
 * and text without a UTF-8 encoding (an unpaired surrogate) is refused instead of being hashed as {@code '?'}.
 */
class CanonicalTextTest {

    /** Pieces of text the generator strings together: all well-formed Unicode. */
    static final List<String> WELL_FORMED = List.of("a", "Z", "7", " ", "\t", "\n", "\r\n", "\u0000", "\u0001", "\u001b",
            "\u007f", "\u0085", "Tư pháp", "Tu\u031B pha\u0301p", "Nguyễn", "Nguye\u0302\u0303n", "e\u0301", "\u0301",
            "😀", "👩‍👩‍👧", "🇻🇳", "\uD83D\uDE00", "\uFFFD", "\uFEFF", "\uFFFF", "\uDBFF\uDFFF", "漢字", "\u200B", "\"", "\\");
    /** Pieces that have no UTF-8 encoding. */
    static final List<String> MALFORMED = List.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800");

    /** The encoding as docs/integrity.md describes it, written out independently of {@link Canonical}. */
    static String reference(String... fields) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String f : fields) {
            byte[] bytes = f.getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.write(bytes);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
    }

    static String oddText(Random random, List<String> pieces) {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.append(pieces.get(random.nextInt(pieces.size())));
        }
        return s.toString();
    }

    @Test
    void well_formed_odd_text_hashes_as_its_utf8_bytes() throws Exception {
        Random random = new Random(14);
        for (int i = 0; i < 2000; i++) {
            String text = oddText(random, WELL_FORMED);
            assertThat(new Canonical("t").string(text).hex()).as("%s", text.chars().boxed().toList())
                    .isEqualTo(reference("t", text));
        }
    }

    @Test
    void text_with_an_unpaired_surrogate_is_refused_not_hashed_as_a_question_mark() {
        Random random = new Random(15);
        for (int i = 0; i < 500; i++) {
            String bad = MALFORMED.get(random.nextInt(MALFORMED.size()));
            String text = oddText(random, WELL_FORMED) + bad + oddText(random, WELL_FORMED);
            assertThatThrownBy(() -> EventHash.of("Movement", "TD-1", 0, "e", "t", "1", "ts", "{\"title\":\"" + text + "\"}",
                    "{}", EventHash.GENESIS)).as("%s", text.chars().boxed().toList())
                    .isInstanceOf(MalformedText.class).hasMessageContaining("unpaired surrogate");
        }
    }

    @Test
    void a_surrogate_pair_split_across_two_fields_is_refused_in_both() {
        assertThatThrownBy(() -> new Canonical("t").string("x\uD83D")).isInstanceOf(MalformedText.class)
                .hasMessageContaining("character 1");
        assertThatThrownBy(() -> new Canonical("t").string("\uDE00x")).isInstanceOf(MalformedText.class)
                .hasMessageContaining("character 0");
    }
}
