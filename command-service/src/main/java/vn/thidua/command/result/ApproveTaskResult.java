package vn.thidua.command.result;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approve a submitted result. */
public record ApproveTaskResult(@TargetAggregateIdentifier String resultId, String note) {
}
