package vn.thidua.events.movement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A unit registered for a movement (đăng ký thi đua) with what it pledges.
 * A unit that did not enrol cannot be considered for a title.
 *
 * @param movementId   the movement
 * @param unitId       the unit's official code
 * @param enrolledOn   the date of the registration, inside the movement's period
 * @param pledgedTitle the emulation title the unit aims at, e.g. {@code Tập thể lao động xuất sắc}
 * @param pledges      the unit's pledged targets, free text
 */
@Revision("1")
public record UnitEnrolled(String movementId, String unitId, LocalDate enrolledOn,
                           String pledgedTitle, String pledges) {
}
