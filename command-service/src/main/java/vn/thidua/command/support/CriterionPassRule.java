package vn.thidua.command.support;

import vn.thidua.events.support.CriterionScores;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * When a commune passes criterion 18.5 ("xã đạt chuẩn tiếp cận pháp luật"). The threshold is configuration
 * ({@code thidua.criterion-18-5.*}): the figures usually quoted (total ≥ 80, each criterion ≥ 50 % of its maximum)
 * are unverified, and the standard itself was replaced in 2021 and 2025. Every assessment records the version
 * of the rule that decided it.
 *
 * @param version                   e.g. {@code QD619-2017/v1}
 * @param minimumTotal              the least total score out of 100
 * @param minimumShareOfEach        the least share of each criterion's maximum, 0 … 1
 * @param noDisciplineRequired      whether a commune official disciplined at warning level or above fails the commune
 */
public record CriterionPassRule(String version, BigDecimal minimumTotal, BigDecimal minimumShareOfEach,
                                boolean noDisciplineRequired) {

    /** The maximum score of TC1 … TC5 under QĐ 619/QĐ-TTg (100 points in all). */
    public static final List<BigDecimal> MAXIMA = List.of(
            BigDecimal.valueOf(15), BigDecimal.valueOf(30), BigDecimal.valueOf(25), BigDecimal.valueOf(10), BigDecimal.valueOf(20));

    public boolean passes(CriterionScores scores, boolean noOfficialDisciplined) {
        if (noDisciplineRequired && !noOfficialDisciplined) {
            return false;
        }
        if (scores.total().compareTo(minimumTotal) < 0) {
            return false;
        }
        List<BigDecimal> each = List.of(scores.tc1(), scores.tc2(), scores.tc3(), scores.tc4(), scores.tc5());
        for (int i = 0; i < each.size(); i++) {
            BigDecimal floor = MAXIMA.get(i).multiply(minimumShareOfEach).setScale(4, RoundingMode.HALF_UP);
            if (each.get(i).compareTo(floor) < 0) {
                return false;
            }
        }
        return true;
    }
}
