package vn.thidua.events.support;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A commune was assessed for a year against criterion 18.5 of the new-rural-area criteria
 * ("xã đạt chuẩn tiếp cận pháp luật"). A later assessment of the same year supersedes this one.
 *
 * @param movementId            the multi-year movement
 * @param communeCode           the commune's GSO code
 * @param year                  the assessed year
 * @param scores                the five criteria scores
 * @param total                 their sum, out of 100
 * @param noOfficialDisciplined no commune official was disciplined at warning level (cảnh cáo) or above in the year
 * @param passed                the outcome under {@code ruleVersion}
 * @param ruleVersion           the version of the pass rule (configuration) that decided {@code passed}
 * @param assessedOn            the date of the assessment
 * @param note                  free text
 */
@Revision("1")
public record CommuneCriterionAssessed(String movementId, String communeCode, int year, CriterionScores scores,
                                       BigDecimal total, boolean noOfficialDisciplined, boolean passed,
                                       String ruleVersion, LocalDate assessedOn, String note) {
}
