package vn.thidua.command.movement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** Enrol a unit in a movement with its pledges. */
public record EnrollUnit(@TargetAggregateIdentifier String movementId, String unitId, LocalDate enrolledOn,
                         String pledgedTitle, String pledges) {
}
