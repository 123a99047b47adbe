package vn.thidua.projection.rebuild;

/** No rebuild or verification job of the id asked for. */
public class RebuildNotFound extends RuntimeException {

    public RebuildNotFound(String id) {
        super("No rebuild " + id);
    }
}
