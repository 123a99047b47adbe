package vn.thidua.events.result;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A unit reported its values for one key task in one period; the result awaits review.
 *
 * @param resultId   the result's id: {@code movementId~taskNo~unitId~period}, one per task, unit and period
 * @param movementId the movement
 * @param taskNo     the key task's number
 * @param unitId     the reporting (enrolled) unit
 * @param period     {@code 2018} (the year) or {@code 2018-Q1} … {@code 2018-Q4}, inside the movement's period
 * @param values     one value per reported indicator
 * @param evidence   evidence notes (documents, reports) backing the values
 */
@Revision("1")
public record TaskResultRecorded(String resultId, String movementId, int taskNo, String unitId, String period,
                                 List<IndicatorValue> values, String evidence) {
}
