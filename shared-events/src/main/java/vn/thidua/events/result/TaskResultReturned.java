package vn.thidua.events.result;

import org.axonframework.serialization.Revision;

/**
 * The province returned a submitted result to its unit with a reason; the unit may correct and resubmit it.
 *
 * @param resultId   the result
 * @param movementId the movement
 * @param taskNo     the key task's number
 * @param unitId     the reporting unit
 * @param period     the reporting period
 * @param reason     what must change
 */
@Revision("1")
public record TaskResultReturned(String resultId, String movementId, int taskNo, String unitId, String period, String reason) {
}
