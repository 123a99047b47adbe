package vn.thidua.events.result;

import java.math.BigDecimal;

/**
 * A reported value of one indicator of a key task.
 *
 * @param code  the indicator's code within the task, e.g. {@code TT1}
 * @param value the reported value, in the indicator's unit of measure
 */
public record IndicatorValue(String code, BigDecimal value) {
}
