package vn.thidua.query.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;

/**
 * An instant the service can compare with what it stores: from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.
 * Outside, the conversion to a BSON date (milliseconds in a {@code long}) overflows at the extremes
 * ({@code +999999999-…}) and nothing is recorded there anyway; {@code null} (absent) is valid.
 */
@Documented
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = InstantRange.Check.class)
public @interface InstantRange {

    String message() default "must be an instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<InstantRange, Instant> {

        static final Instant EARLIEST = Instant.EPOCH;
        static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

        @Override
        public boolean isValid(Instant value, ConstraintValidatorContext context) {
            return value == null || (!value.isBefore(EARLIEST) && !value.isAfter(LATEST));
        }
    }
}
