package vn.thidua.command.support;

import vn.thidua.events.support.CriterionScores;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * When a commune passes criterion 18.5 ("xã đạt chuẩn tiếp cận pháp luật") under one standard, for the years it
 * applies to. Configuration ({@code thidua.criterion-18-5.*}), never constants: QĐ 619/QĐ-TTg (2017) up to 2020,
 * QĐ 25/2021/QĐ-TTg from 2021 (docs/domain.md says which figures are confirmed and which are not). Every assessment
 * records the version of the rule that decided it.
 *
 * @param version              e.g. {@code QD619-2017/v1}
 * @param firstYear            the first assessed year it applies to ({@code null}: every year before {@code lastYear})
 * @param lastYear             the last ({@code null}: every later year)
 * @param minimumTotal         the least total score out of 100
 * @param minimumShareOfEach   the least share of each criterion's maximum, 0 … 1
 * @param noDisciplineRequired whether the disqualifying discipline of the standard (reported as
 *                             {@code noOfficialDisciplined = false}) fails the commune
 * @param maxima               the maximum score of TC1 … TC5
 */
public record CriterionPassRule(String version, Integer firstYear, Integer lastYear, BigDecimal minimumTotal,
                                BigDecimal minimumShareOfEach, boolean noDisciplineRequired, List<BigDecimal> maxima) {

    /** The maximum score of TC1 … TC5 under QĐ 619/QĐ-TTg (100 points in all). */
    public static final List<BigDecimal> QD619_MAXIMA = List.of(
            BigDecimal.valueOf(15), BigDecimal.valueOf(30), BigDecimal.valueOf(25), BigDecimal.valueOf(10), BigDecimal.valueOf(20));

    public CriterionPassRule {
        maxima = List.copyOf(maxima);
        if (maxima.size() != 5) {
            throw new IllegalArgumentException("Criterion 18.5 has five criteria TC1 … TC5; rule %s names %d maxima"
                    .formatted(version, maxima.size()));
        }
    }

    /** A rule for every year (as configured before rules were chosen by year), with the QĐ 619 maxima. */
    public CriterionPassRule(String version, BigDecimal minimumTotal, BigDecimal minimumShareOfEach, boolean noDisciplineRequired) {
        this(version, null, null, minimumTotal, minimumShareOfEach, noDisciplineRequired, QD619_MAXIMA);
    }

    public boolean appliesTo(int year) {
        return (firstYear == null || year >= firstYear) && (lastYear == null || year <= lastYear);
    }

    public boolean passes(CriterionScores scores, boolean noOfficialDisciplined) {
        if (noDisciplineRequired && !noOfficialDisciplined) {
            return false;
        }
        if (scores.total().compareTo(minimumTotal) < 0) {
            return false;
        }
        List<BigDecimal> each = List.of(scores.tc1(), scores.tc2(), scores.tc3(), scores.tc4(), scores.tc5());
        for (int i = 0; i < each.size(); i++) {
            BigDecimal floor = maxima.get(i).multiply(minimumShareOfEach).setScale(4, RoundingMode.HALF_UP);
            if (each.get(i).compareTo(floor) < 0) {
                return false;
            }
        }
        return true;
    }
}
