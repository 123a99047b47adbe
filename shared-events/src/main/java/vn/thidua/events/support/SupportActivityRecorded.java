package vn.thidua.events.support;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A supporting unit recorded one activity for a commune it is assigned to.
 *
 * @param movementId   the multi-year movement
 * @param communeCode  the commune's GSO code
 * @param unitId       the unit that held the activity
 * @param activityId   the activity's id, unique within the commune
 * @param type         what kind of support it was
 * @param heldOn       the day it took place, inside the unit's assignment
 * @param participants how many people took part (0 when not applicable)
 * @param description  what was done, in Vietnamese
 */
@Revision("1")
public record SupportActivityRecorded(String movementId, String communeCode, String unitId, String activityId,
                                      SupportActivityType type, LocalDate heldOn, int participants, String description) {
}
