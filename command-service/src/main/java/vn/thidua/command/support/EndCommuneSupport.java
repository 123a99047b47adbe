package vn.thidua.command.support;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** End a unit's support of a commune on a date. */
public record EndCommuneSupport(@TargetAggregateIdentifier String supportId, String movementId, String communeCode,
                                String unitId, LocalDate endedOn, String reason) {

    public static EndCommuneSupport of(String movementId, String communeCode, String unitId, LocalDate endedOn, String reason) {
        return new EndCommuneSupport(CommuneSupport.idOf(movementId, communeCode), movementId, communeCode, unitId,
                endedOn, reason);
    }
}
