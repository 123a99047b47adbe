package vn.thidua.query.supportboard;

import java.math.BigDecimal;
import java.util.List;

/**
 * The totals of the support board over a set of communes (a movement's whole province, or a district): communes,
 * communes supported now, ever supported, activities, and per year the communes assessed against criterion 18.5, those
 * that passed, and their share of all the communes.
 */
public record BoardTotals(long communes, long communesSupported, long communesEverSupported, long activities,
                          List<YearTotals> criterion185) {

    /**
     * One year of criterion 18.5.
     *
     * @param shareOfCommunesPassing passed / communes of the scope, 4 decimals
     */
    public record YearTotals(int year, long assessed, long passed, BigDecimal shareOfCommunesPassing) {
    }
}
