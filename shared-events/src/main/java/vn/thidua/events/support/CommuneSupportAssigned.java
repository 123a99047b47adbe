package vn.thidua.events.support;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A unit was assigned by decision to help a commune build a new rural area (giúp đỡ xã xây dựng nông thôn mới)
 * under a multi-year movement.
 *
 * @param movementId  the multi-year movement
 * @param communeCode the commune's 5-digit GSO code (communes are identified by code, never by name)
 * @param unitId      the supporting unit's official code
 * @param decision    the assigning decision
 * @param supportFrom the first day of the support
 * @param shared      {@code true} when the unit joins the commune's current supporters on purpose
 */
@Revision("1")
public record CommuneSupportAssigned(String movementId, String communeCode, String unitId, AssignmentDecision decision,
                                     LocalDate supportFrom, boolean shared) {
}
