package vn.thidua.events.movement;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * A numbered key task (nhiệm vụ trọng tâm) was defined for a movement.
 *
 * @param movementId the movement
 * @param taskNo     the task's number within the movement, unique, from 1
 * @param title      Vietnamese title
 * @param indicators the measurable indicators, at least one, codes unique within the task
 */
@Revision("1")
public record KeyTaskDefined(String movementId, int taskNo, String title, List<Indicator> indicators) {
}
