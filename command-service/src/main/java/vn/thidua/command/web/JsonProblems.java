package vn.thidua.command.web;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import vn.thidua.command.text.WellFormedText;
import vn.thidua.command.web.StrictJson.RefusedValue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Turns the reason Jackson could not read a request body into {@code {field, message}} for a 400 problem: the field's
 * path as Bean Validation names it ({@code values[0].value}), or {@code body} when the fault is not in one field
 * (trailing content, an array instead of an object). Messages never echo the value sent.
 */
final class JsonProblems {

    static final String WHOLE_BODY = "body";

    private JsonProblems() {
    }

    static Map<String, String> describe(Throwable cause) {
        if (cause instanceof JsonMappingException e) {
            String field = path(e.getPath());
            if (field.isEmpty()) {
                return error(WHOLE_BODY, "must be one JSON object of this request's shape, with nothing after it");
            }
            if (e instanceof RefusedValue) {
                return error(field, e.getOriginalMessage());
            }
            if (e instanceof UnrecognizedPropertyException) {
                return error(field, "is not a field of this request");
            }
            if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
                return error(field, "must be " + expected(m.getTargetType()));
            }
            return error(field, "has a value of the wrong form");
        }
        if (cause instanceof StreamReadException e) {
            String field = e.getProcessor() == null ? "" : path(e.getProcessor().getParsingContext());
            if (field.isEmpty()) {
                field = WHOLE_BODY;
            }
            if (e instanceof InputCoercionException c) {
                return error(field, "is out of range for " + expected(c.getTargetType()));
            }
            // Jackson reports a duplicate key as a plain parse error: its message is the only sign of it
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                return error(field, "appears more than once");
            }
            return error(field, "is not well-formed JSON here (syntax, or bytes that are not UTF-8)");
        }
        return error(WHOLE_BODY, "is not readable JSON");
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a value of the documented type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == String.class) {
            return "text (a JSON string)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == LocalDate.class) {
            return "a date written YYYY-MM-DD";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object of the documented shape";
    }

    private static String expected(JavaType type) {
        return expected(type == null ? null : type.getRawClass());
    }

    /** A mapping exception's path, as {@code a.b[0].c}. */
    private static String path(List<JsonMappingException.Reference> path) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                parts.add(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                parts.add("[" + r.getIndex() + "]");
            }
        }
        return join(parts);
    }

    /** Where the parser stopped, as {@code a.b[0].c}. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push(c.getCurrentName());
            }
        }
        return join(parts);
    }

    private static String join(Deque<String> parts) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!part.startsWith("[") && !out.isEmpty()) {
                out.append('.');
            }
            out.append(part);
        }
        String path = out.toString();
        // a field name is the client's text too: never echo one that is not printable or is long
        return path.length() > 200 || WellFormedText.problemIn(path).isPresent() ? "(unreadable field name)" : path;
    }
}
