package vn.thidua.command.movement;

import vn.thidua.command.rules.NotFound;
import vn.thidua.command.rules.RuleViolation;

/** The rules other aggregates check against a movement: it exists, and it is open. */
public final class MovementChecks {

    private MovementChecks() {
    }

    public static MovementView exists(MovementFacts facts, String movementId) {
        return facts.movement(movementId).orElseThrow(
                () -> new NotFound("No movement is registered under %s".formatted(movementId)));
    }

    public static void isOpen(MovementView movement) {
        if (movement.closed()) {
            throw new RuleViolation("movement-closed", "Movement %s is closed".formatted(movement.movementId()));
        }
    }
}
