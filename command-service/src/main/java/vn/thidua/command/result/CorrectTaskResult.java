package vn.thidua.command.result;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.result.IndicatorValue;

import java.util.List;

/** Replace a result's values before review, or after it was returned (which resubmits it). */
public record CorrectTaskResult(@TargetAggregateIdentifier String resultId, List<IndicatorValue> values, String evidence,
                                String reason) {
}
