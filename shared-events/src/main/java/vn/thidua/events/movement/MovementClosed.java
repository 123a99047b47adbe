package vn.thidua.events.movement;

import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * The province closed a movement (tổng kết): no more tasks, enrolments or results.
 *
 * @param movementId the movement
 * @param closedOn   the closing date, not before the movement's start
 * @param summary    the closing remark
 */
@Revision("1")
public record MovementClosed(String movementId, LocalDate closedOn, String summary) {
}
