package vn.thidua.command.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.bson.types.Decimal128;
import vn.thidua.command.text.WellFormedText;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The checks every value of every request body passes while it is read, whatever record it lands in:
 * <ul>
 *   <li>every string (also inside lists, and map keys) is {@link WellFormedText well-formed text}, and only a JSON
 *       string becomes a {@code String} (no number or boolean turned into text);</li>
 *   <li>every {@link BigDecimal} fits a MongoDB {@code Decimal128} — at most 34 significant digits, exponent
 *       −6176 to 6111 — the type the read side stores decimals as. Each field's own {@code @Digits} bound is
 *       narrower; this one stops a number no field could ever store (e.g. {@code 1E+7000}) at the edge.</li>
 * </ul>
 * A refused value fails the read with {@link RefusedValue}, which carries the field's path; the advice answers 400.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** The Jackson module with these checks (registered with the request mapper in {@code config}). */
    public static Module module() {
        return new SimpleModule("thidua-strict-request-values")
                .addDeserializer(String.class, new CheckedText())
                .addKeyDeserializer(String.class, new CheckedKey())
                .addDeserializer(BigDecimal.class, new StorableDecimal());
    }

    /** Why a decimal cannot be stored as a {@code Decimal128}, or empty. */
    static Optional<String> decimalProblem(BigDecimal value) {
        try {
            new Decimal128(value);
            return Optional.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.of("is not a number a stored decimal can hold: at most 34 significant digits and an exponent "
                    + "from -6176 to 6111");
        }
    }

    /** A value read from the body that a check refused; its message is meant for the client. */
    public static final class RefusedValue extends MismatchedInputException {

        RefusedValue(JsonParser parser, String message, Class<?> type) {
            super(parser, message, type);
        }
    }

    private static final class CheckedText extends StdScalarDeserializer<String> {

        CheckedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            String text = p.getText();
            Optional<String> problem = WellFormedText.problemIn(text);
            if (problem.isPresent()) {
                throw new RefusedValue(p, problem.get(), String.class);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    private static final class CheckedKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            Optional<String> problem = WellFormedText.problemIn(key);
            if (problem.isPresent()) {
                throw new RefusedValue(ctxt.getParser(), "a key " + problem.get(), String.class);
            }
            return key;
        }
    }

    private static final class StorableDecimal extends StdScalarDeserializer<BigDecimal> {

        StorableDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal value = NumberDeserializers.BigDecimalDeserializer.instance.deserialize(p, ctxt);
            if (value != null) {
                Optional<String> problem = decimalProblem(value);
                if (problem.isPresent()) {
                    throw new RefusedValue(p, problem.get(), BigDecimal.class);
                }
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }
}
