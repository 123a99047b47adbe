package vn.thidua.command.result;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Return a submitted result to its unit with a reason. */
public record ReturnTaskResult(@TargetAggregateIdentifier String resultId, String reason) {
}
