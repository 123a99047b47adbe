package vn.thidua.events.result;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A unit corrected its result before review, or after it was returned (which resubmits it).
 * The values replace the previous ones; nothing earlier is deleted.
 *
 * @param resultId   the result
 * @param movementId the movement
 * @param taskNo     the key task's number
 * @param unitId     the reporting unit
 * @param period     the reporting period
 * @param values     the corrected values
 * @param evidence   evidence notes
 * @param reason     why the values changed
 */
@Revision("1")
public record TaskResultCorrected(String resultId, String movementId, int taskNo, String unitId, String period,
                                  List<IndicatorValue> values, String evidence, String reason) {
}
