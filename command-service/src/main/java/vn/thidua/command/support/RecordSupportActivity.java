package vn.thidua.command.support;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.support.SupportActivityType;

import java.time.LocalDate;

/** Record one support activity a unit held for a commune it is assigned to. */
public record RecordSupportActivity(@TargetAggregateIdentifier String supportId, String movementId, String communeCode,
                                    String unitId, String activityId, SupportActivityType type, LocalDate heldOn,
                                    int participants, String description) {

    public static RecordSupportActivity of(String movementId, String communeCode, String unitId, String activityId,
                                           SupportActivityType type, LocalDate heldOn, int participants, String description) {
        return new RecordSupportActivity(CommuneSupport.idOf(movementId, communeCode), movementId, communeCode, unitId,
                activityId, type, heldOn, participants, description);
    }
}
