package vn.thidua.events.movement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;
import java.util.List;

/**
 * A province (or the Ministry) registered an emulation movement launched by a plan.
 * <p>
 * Revision 2 added {@code provinceCode}. A revision-1 payload has none: it is read as {@link #PROVINCE_BEFORE_TENANCY}
 * (every movement registered before provinces were tenants was Bắc Giang's), by this record's constructor, so every
 * reader — Axon on the command side, the topic decoder and the audit log on the query side — upcasts it alike.
 *
 * @param movementId    the movement's code, which is its identity (e.g. {@code TDTN-2018})
 * @param title         Vietnamese title
 * @param kind          annual, multi-year, thematic or periodic
 * @param periodStart   first day of the movement's period
 * @param periodEnd     last day of the movement's period
 * @param launchingPlan the plan that launched the movement (e.g. 02/KH-STP of 09/01/2018)
 * @param legalBasis    further documents the movement rests on, possibly empty
 * @param provinceCode  whose movement it is: a province's GSO code ({@code 24}), or {@code BTP} for a sector-wide
 *                      movement of the Ministry of Justice, which every province's units may join
 */
@Revision("2")
public record MovementRegistered(String movementId, String title, MovementKind kind,
                                 LocalDate periodStart, LocalDate periodEnd,
                                 LegalDocument launchingPlan, List<LegalDocument> legalBasis, String provinceCode) {

    /** The province of every movement registered before revision 2: the deployment then served Bắc Giang (24) only. */
    public static final String PROVINCE_BEFORE_TENANCY = "24";

    public MovementRegistered {
        if (provinceCode == null) {
            provinceCode = PROVINCE_BEFORE_TENANCY;
        }
    }

    /** A movement of province {@link #PROVINCE_BEFORE_TENANCY}, as revision 1 recorded every movement. */
    public MovementRegistered(String movementId, String title, MovementKind kind, LocalDate periodStart, LocalDate periodEnd,
                              LegalDocument launchingPlan, List<LegalDocument> legalBasis) {
        this(movementId, title, kind, periodStart, periodEnd, launchingPlan, legalBasis, PROVINCE_BEFORE_TENANCY);
    }
}
