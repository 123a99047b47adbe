package vn.thidua.command.movement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Close a movement at its review (tổng kết). */
public record CloseMovement(@TargetAggregateIdentifier String movementId, LocalDate closedOn, String summary) {
}
