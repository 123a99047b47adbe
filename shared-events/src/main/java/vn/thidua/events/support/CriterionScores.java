package vn.thidua.events.support;

import java.math.BigDecimal;

/**
 * The scores of a commune against the five criteria of the access-to-law standard (QĐ 619/QĐ-TTg, 100 points).
 *
 * @param tc1 upholding the Constitution and law, at most 15
 * @param tc2 administrative procedures at the commune, at most 30
 * @param tc3 legal dissemination and education, at most 25
 * @param tc4 grassroots mediation, at most 10
 * @param tc5 grassroots democracy, at most 20
 */
public record CriterionScores(BigDecimal tc1, BigDecimal tc2, BigDecimal tc3, BigDecimal tc4, BigDecimal tc5) {

    public BigDecimal total() {
        return tc1.add(tc2).add(tc3).add(tc4).add(tc5);
    }
}
