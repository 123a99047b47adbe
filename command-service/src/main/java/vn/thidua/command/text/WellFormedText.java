package vn.thidua.command.text;

import java.util.Optional;

/**
 * What text in a request may hold. Every string of every request body passes this rule while the body is read
 * (by the request reader, {@code web/StrictJson}), so a new request record cannot forget it.
 * <ul>
 *   <li>well-formed Unicode: no UTF-16 surrogate without its partner (JSON {@code "\ud800"} or the bytes
 *       {@code ED A0 80}). Such text has no UTF-8 encoding: MongoDB would store U+FFFD where the event hash saw
 *       other bytes, and the integrity check would report tampering for good;</li>
 *   <li>no control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) except tab, line feed, and a
 *       carriage return that starts a CR LF line break (what a form's text area sends).</li>
 * </ul>
 */
public final class WellFormedText {

    private WellFormedText() {
    }

    /** Why {@code text} is refused, or empty when it is fine. */
    public static Optional<String> problemIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("is not valid Unicode text: an unpaired surrogate at character %d".formatted(i));
            } else if (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                return Optional.of("holds a carriage return at character %d that does not start a line break (CR LF)"
                        .formatted(i));
            } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of("holds the control character U+%04X at character %d; only tab and line breaks are allowed"
                        .formatted((int) c, i));
            }
        }
        return Optional.empty();
    }
}
