package vn.thidua.command.support;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.support.AssignmentDecision;

import java.time.LocalDate;

/** Assign a unit by decision to support a commune from a date; {@code shared} joins the current supporters on purpose. */
public record AssignCommuneSupport(@TargetAggregateIdentifier String supportId, String movementId, String communeCode,
                                   String unitId, AssignmentDecision decision, LocalDate supportFrom, boolean shared) {

    public static AssignCommuneSupport of(String movementId, String communeCode, String unitId, AssignmentDecision decision,
                                          LocalDate supportFrom, boolean shared) {
        return new AssignCommuneSupport(CommuneSupport.idOf(movementId, communeCode), movementId, communeCode, unitId,
                decision, supportFrom, shared);
    }
}
