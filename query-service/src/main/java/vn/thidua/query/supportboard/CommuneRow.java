package vn.thidua.query.supportboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import vn.thidua.events.support.SupportActivityType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One commune's row of the support board, supported or not: its place (from the reference lists), every unit that
 * supports or supported it and those that do now, its activities per type, and its criterion 18.5 assessment per year.
 *
 * @param districtName    {@code null} for a district the reference lists do not name
 * @param latestActivity  the date of its latest activity, {@code null} if none
 */
public record CommuneRow(String communeCode, String communeName, String communeType, String districtCode,
                         String districtName, List<Supporter> supporters, List<String> activeSupporters,
                         List<Activities> activities, int activityCount, LocalDate latestActivity,
                         List<Assessment> assessments,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Predecessor> predecessors) {

    /** A row of the board in the lists the deployment starts with: no predecessors to show. */
    public CommuneRow(String communeCode, String communeName, String communeType, String districtCode, String districtName,
                      List<Supporter> supporters, List<String> activeSupporters, List<Activities> activities,
                      int activityCount, LocalDate latestActivity, List<Assessment> assessments) {
        this(communeCode, communeName, communeType, districtCode, districtName, supporters, activeSupporters, activities,
                activityCount, latestActivity, assessments, null);
    }

    /**
     * A commune this one was formed from (a board grouped by a later structure, {@code structure=<date>}), with the
     * history recorded on it: its support is rolled into this row (supporters, activities), its criterion 18.5
     * assessments are shown here and never count for this commune, which passes a year only by its own assessment.
     *
     * @param until the last day it existed
     */
    public record Predecessor(String communeCode, String communeName, LocalDate until, int activityCount,
                              List<Assessment> assessments) {
    }

    /**
     * A unit assigned to support the commune, from {@code since} until {@code until} ({@code null}: it still does).
     *
     * @param shared the support is shared with another unit
     */
    public record Supporter(String unitId, String unitName, LocalDate since, LocalDate until, boolean shared,
                            Decision decision) {
    }

    /** The decision that assigned a unit. */
    public record Decision(String number, LocalDate issuedOn) {
    }

    /** The activities of one type: how many, how many took part, the date of the latest. */
    public record Activities(SupportActivityType type, int count, int participants, LocalDate latest) {
    }

    /** The assessment of criterion 18.5 in a year (a later one of the same year replaces it). */
    public record Assessment(int year, Scores scores, BigDecimal total, boolean noOfficialDisciplined, boolean passed,
                             String ruleVersion, LocalDate assessedOn) {
    }

    /** The scores of the five parts of criterion 18.5. */
    public record Scores(BigDecimal tc1, BigDecimal tc2, BigDecimal tc3, BigDecimal tc4, BigDecimal tc5) {
    }
}
