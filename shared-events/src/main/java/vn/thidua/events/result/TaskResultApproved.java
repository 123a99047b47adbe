package vn.thidua.events.result;

import org.axonframework.serialization.Revision;

/**
 * The province approved a submitted result; it can no longer be corrected.
 *
 * @param resultId   the result
 * @param movementId the movement
 * @param taskNo     the key task's number
 * @param unitId     the reporting unit
 * @param period     the reporting period
 * @param note       the reviewer's note, may be empty
 */
@Revision("1")
public record TaskResultApproved(String resultId, String movementId, int taskNo, String unitId, String period, String note) {
}
