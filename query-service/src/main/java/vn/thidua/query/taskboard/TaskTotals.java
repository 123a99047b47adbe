package vn.thidua.query.taskboard;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.List;

/**
 * The totals of one key task over every enrolled unit: per indicator the sum of the values that count and how many
 * units reported them, how many cells are in each review status, and the mean completion.
 */
public record TaskTotals(int taskNo, String title, List<IndicatorTotals> indicators, StatusCounts results,
                         BigDecimal meanCompletion) {

    /** One indicator of the task, its target, and the sum and number of the counted values reported for it. */
    public record IndicatorTotals(String code, String name, String unitOfMeasure, BigDecimal target, BigDecimal countedSum,
                                  int countedUnits) {
    }

    /** How many of the task's cells are in each review status. */
    public record StatusCounts(@JsonProperty("NOT_REPORTED") long notReported, @JsonProperty("SUBMITTED") long submitted,
                               @JsonProperty("RETURNED") long returned, @JsonProperty("APPROVED") long approved) {

        public long of(Cell.Status status) {
            return switch (status) {
                case NOT_REPORTED -> notReported;
                case SUBMITTED -> submitted;
                case RETURNED -> returned;
                case APPROVED -> approved;
            };
        }
    }
}
