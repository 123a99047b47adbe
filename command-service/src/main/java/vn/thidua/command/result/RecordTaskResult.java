package vn.thidua.command.result;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.result.IndicatorValue;

import java.util.List;

/** Record a unit's values for a key task in a period; the id is {@link TaskResult#idOf} of the four. */
public record RecordTaskResult(@TargetAggregateIdentifier String resultId, String movementId, int taskNo, String unitId,
                               String period, List<IndicatorValue> values, String evidence) {

    public static RecordTaskResult of(String movementId, int taskNo, String unitId, String period,
                                      List<IndicatorValue> values, String evidence) {
        return new RecordTaskResult(TaskResult.idOf(movementId, taskNo, unitId, period), movementId, taskNo, unitId,
                period, values, evidence);
    }
}
