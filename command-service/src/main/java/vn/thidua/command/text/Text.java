package vn.thidua.command.text;

import java.text.Normalizer;
import java.util.List;

/**
 * Vietnamese text arrives composed (NFC) or decomposed (NFD) depending on the client's keyboard and OS;
 * everything is stored composed so equal words compare equal.
 */
public final class Text {

    private Text() {
    }

    public static String nfc(String s) {
        return s == null ? null : Normalizer.normalize(s.strip(), Normalizer.Form.NFC);
    }

    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
