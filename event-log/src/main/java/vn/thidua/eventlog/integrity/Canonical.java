package vn.thidua.eventlog.integrity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical, unambiguous byte encoding every hash of the log is taken over, fed straight into a SHA-256 digest.
 * <ul>
 *   <li>a string: its UTF-8 byte length as a 4-byte big-endian signed integer, then the bytes; {@code null} is the
 *       length {@code -1} and no bytes (so {@code null} and {@code ""} differ). A string that has no UTF-8 encoding
 *       (an unpaired surrogate) is refused with {@link MalformedText}, never replaced: the hashed bytes must be the
 *       bytes the database stores;</li>
 *   <li>a number: 8 bytes, big-endian two's complement.</li>
 * </ul>
 * Every hash starts with a domain tag (itself a length-prefixed string), so an event hash can never be replayed as a
 * checkpoint hash or the reverse. Field boundaries cannot shift: {@code ("ab","c")} and {@code ("a","bc")} encode
 * differently.
 */
final class Canonical {

    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest digest;
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    Canonical(String tag) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        string(tag);
    }

    Canonical string(String value) {
        if (value == null) {
            int32(-1);
            return this;
        }
        ByteBuffer bytes;
        try {
            bytes = utf8.encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new MalformedText("Text that is not well-formed Unicode cannot be hashed (an unpaired surrogate at "
                    + "character %d)".formatted(firstUnpairedSurrogate(value)));
        }
        int32(bytes.remaining());
        digest.update(bytes);
        return this;
    }

    /** The index of the first surrogate without its partner, or -1. */
    static int firstUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    Canonical number(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            digest.update((byte) (value >>> shift));
        }
        return this;
    }

    private void int32(int value) {
        digest.update((byte) (value >>> 24));
        digest.update((byte) (value >>> 16));
        digest.update((byte) (value >>> 8));
        digest.update((byte) value);
    }

    /** The SHA-256 of everything fed so far, as 64 lower-case hex digits. */
    String hex() {
        return HEX.formatHex(digest.digest());
    }

    /** The SHA-256 of everything fed so far. */
    byte[] bytes() {
        return digest.digest();
    }
}
