package vn.thidua.command.support;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.support.CriterionScores;

import java.time.LocalDate;

/** Assess a commune for a year against criterion 18.5 (the five QĐ 619 scores and the discipline condition). */
public record AssessCommuneCriterion(@TargetAggregateIdentifier String supportId, String movementId, String communeCode,
                                     int year, CriterionScores scores, boolean noOfficialDisciplined,
                                     LocalDate assessedOn, String note) {

    public static AssessCommuneCriterion of(String movementId, String communeCode, int year, CriterionScores scores,
                                            boolean noOfficialDisciplined, LocalDate assessedOn, String note) {
        return new AssessCommuneCriterion(CommuneSupport.idOf(movementId, communeCode), movementId, communeCode, year,
                scores, noOfficialDisciplined, assessedOn, note);
    }
}
