package vn.thidua.projection.documents;

import org.bson.types.Decimal128;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns stored documents into plain JSON values (decimals as numbers, dates as ISO instants). */
public final class Documents {

    private Documents() {
    }

    public static Map<String, Object> plain(Map<String, Object> document, String... omit) {
        Map<String, Object> out = new LinkedHashMap<>();
        document.forEach((key, value) -> {
            for (String o : omit) {
                if (o.equals(key)) {
                    return;
                }
            }
            out.put(key, plainValue(value));
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object plainValue(Object value) {
        if (value instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof Map<?, ?> m) {
            return plain((Map<String, Object>) m);
        }
        if (value instanceof Collection<?> c) {
            ArrayList<Object> list = new ArrayList<>(c.size());
            c.forEach(v -> list.add(plainValue(v)));
            return list;
        }
        return value;
    }
}
