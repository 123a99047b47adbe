package vn.thidua.query.taskboard;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.util.List;

/**
 * One unit's result for one key task on the board: its review status, whether it counts (see {@code counted} of the
 * query), how many times it was corrected ({@code null} and left out of the JSON when nothing was reported), each
 * indicator's reported value against its target, and the unit's completion of the task.
 */
public record Cell(int taskNo, Status status, boolean counted, @JsonInclude(JsonInclude.Include.NON_NULL) Integer corrections,
                   List<IndicatorValue> values, BigDecimal completion) {

    /** Where a result is in its review, or that there is none. */
    public enum Status { NOT_REPORTED, SUBMITTED, RETURNED, APPROVED }

    /**
     * One indicator of the task.
     *
     * @param value the value reported, {@code null} when not
     * @param ratio value / target (4 decimals; 1 for a target of 0), {@code null} when not reported
     */
    public record IndicatorValue(String code, BigDecimal value, BigDecimal target, BigDecimal ratio) {
    }
}
