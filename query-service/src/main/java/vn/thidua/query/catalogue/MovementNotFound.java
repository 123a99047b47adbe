package vn.thidua.query.catalogue;

/** No movement of the id asked for in the catalogue: a board or the catalogue entry of a movement that does not exist. */
public class MovementNotFound extends RuntimeException {

    public MovementNotFound(String movementId) {
        super("No movement %s in the catalogue".formatted(movementId));
    }
}
