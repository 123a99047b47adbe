package vn.thidua.query.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.context.request.WebRequest;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;

/**
 * How a request record (a report's query, bound from the query parameters through its constructor) is bound, so that
 * it is refused exactly as the same parameters declared one by one with {@code @RequestParam} are:
 * <ul>
 *     <li>a component that must not be null ({@code @NotBlank}, {@code @NotNull}) is a required parameter: when the
 *     request does not have it, the answer is Spring's own for a missing parameter ("Required parameter 'movementId'
 *     is not present."), before anything else of the request is read;</li>
 *     <li>its constraints are checked by the controller's method validation ({@code @Validated}) with the handler's
 *     other parameters, so that one 400 names every offending parameter, not by the binder;</li>
 *     <li>it is bound through its constructor only: a parameter that names no component ({@code ?kind[$ne]=ANNUAL}) is
 *     ignored, not taken for a property path.</li>
 * </ul>
 * A component of the wrong type ({@code ?year=abc}) is refused by the binder (ProblemDetailsAdvice).
 */
@ControllerAdvice
class RequestRecords {

    @InitBinder
    void bindRequestRecord(WebDataBinder binder, WebRequest request) throws MissingServletRequestParameterException {
        ResolvableType target = binder.getTargetType();
        Class<?> type = target == null ? null : target.resolve();
        if (type == null || !type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (required(type, component) && request.getParameter(component.getName()) == null) {
                throw new MissingServletRequestParameterException(component.getName(), component.getType().getSimpleName());
            }
        }
        binder.setDeclarativeBinding(true);
        binder.setExcludedValidators(validator -> true);
    }

    private static boolean required(Class<?> type, RecordComponent component) {
        try {
            Field field = type.getDeclaredField(component.getName());
            return field.isAnnotationPresent(NotBlank.class) || field.isAnnotationPresent(NotNull.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }
}
