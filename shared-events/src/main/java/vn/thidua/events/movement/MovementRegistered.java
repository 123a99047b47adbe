package vn.thidua.events.movement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * The province registered an emulation movement launched by a plan.
 *
 * @param movementId    the movement's code, which is its identity (e.g. {@code TDTN-2018})
 * @param title         Vietnamese title
 * @param kind          annual, multi-year, thematic or periodic
 * @param periodStart   first day of the movement's period
 * @param periodEnd     last day of the movement's period
 * @param launchingPlan the plan that launched the movement (e.g. 02/KH-STP of 09/01/2018)
 * @param legalBasis    further documents the movement rests on, possibly empty
 */
@Revision("1")
public record MovementRegistered(String movementId, String title, MovementKind kind,
                                 LocalDate periodStart, LocalDate periodEnd,
                                 LegalDocument launchingPlan, List<LegalDocument> legalBasis) {
}
