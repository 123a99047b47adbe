package vn.thidua.events.support;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A unit's support of a commune ended.
 *
 * @param movementId  the multi-year movement
 * @param communeCode the commune's GSO code
 * @param unitId      the unit whose assignment ended
 * @param endedOn     the last day of the support
 * @param reason      why, in Vietnamese
 */
@Revision("1")
public record CommuneSupportEnded(String movementId, String communeCode, String unitId, LocalDate endedOn, String reason) {
}
