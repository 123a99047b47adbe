package vn.thidua.command.movement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementKind;

import java.time.LocalDate;
import java.util.List;

/**
 * Register an emulation movement under its code.
 *
 * @param provinceCode whose movement it is: the registering admin's province, or {@code BTP} when the Ministry
 *                     registers a sector-wide movement
 */
public record RegisterMovement(@TargetAggregateIdentifier String movementId, String title, MovementKind kind,
                               LocalDate periodStart, LocalDate periodEnd,
                               LegalDocument launchingPlan, List<LegalDocument> legalBasis, String provinceCode) {
}
