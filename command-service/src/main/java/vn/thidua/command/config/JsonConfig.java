package vn.thidua.command.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.command.web.StrictJson;

/**
 * Request bodies are read strictly: what a lenient reader would guess at is refused with a 400 that names
 * the field. Spring's {@code ObjectMapper} reads the request bodies and fingerprints them for idempotency; events
 * have their own mapper ({@link EventStoreConfig}), so stored events are read as before.
 * <ul>
 *   <li>a key twice in one object, or anything after the document: refused;</li>
 *   <li>no coercion between scalars: {@code "42"} (or {@code ""}, {@code "  "}) is not a number, {@code 42} not
 *       text, {@code 1.5} (or {@code 1.0}) not a whole number, {@code "true"} not a boolean, {@code 0} not an enum
 *       constant, a number not a date;</li>
 *   <li>{@code null} or a missing value for a primitive field is refused, not read as 0 or false;</li>
 *   <li>every string is well-formed text and every decimal fits a Decimal128 ({@link StrictJson}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .postConfigurer(mapper -> {
                    mapper.setDefaultLeniency(false);
                    // without this a blank string ("  ") would still become null for a number
                    mapper.coercionConfigDefaults().setAcceptBlankAsEmpty(false);
                });
    }

    /** Registered by Spring Boot with its {@code ObjectMapper}, like every {@code Module} bean. */
    @Bean
    Module strictRequestValues() {
        return StrictJson.module();
    }
}
