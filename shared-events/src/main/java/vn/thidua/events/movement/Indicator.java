package vn.thidua.events.movement;

import java.math.BigDecimal;

/**
 * A measurable indicator of a key task.
 *
 * @param code          short code, unique within the task, e.g. {@code TT1}
 * @param name          Vietnamese name of the indicator
 * @param unitOfMeasure e.g. {@code %}, {@code cuộc}, {@code văn bản}
 * @param target        the value the task aims at
 */
public record Indicator(String code, String name, String unitOfMeasure, BigDecimal target) {
}
