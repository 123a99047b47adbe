package vn.thidua.command.movement;

import java.util.Optional;

/**
 * The current state of a movement, for the rules of other aggregates (task results, commune support).
 * Injected into their command handlers by Axon; tests give a fixed answer.
 */
@FunctionalInterface
public interface MovementFacts {

    /** The movement as its events stand now, or empty when nothing is registered under the id. */
    Optional<MovementView> movement(String movementId);
}
