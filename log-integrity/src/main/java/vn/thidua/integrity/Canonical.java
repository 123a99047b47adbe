package vn.thidua.integrity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical, unambiguous byte encoding every hash of the log is taken over, fed straight into a SHA-256 digest.
 * <ul>
 *   <li>a string: its UTF-8 byte length as a 4-byte big-endian signed integer, then the bytes; {@code null} is the
 *       length {@code -1} and no bytes (so {@code null} and {@code ""} differ);</li>
 *   <li>a number: 8 bytes, big-endian two's complement.</li>
 * </ul>
 * Every hash starts with a domain tag (itself a length-prefixed string), so an event hash can never be replayed as a
 * checkpoint hash or the reverse. Field boundaries cannot shift: {@code ("ab","c")} and {@code ("a","bc")} encode
 * differently.
 */
final class Canonical {

    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest digest;

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
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int32(bytes.length);
        digest.update(bytes);
        return this;
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
}
