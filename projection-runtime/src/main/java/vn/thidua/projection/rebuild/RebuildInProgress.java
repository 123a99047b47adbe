package vn.thidua.projection.rebuild;

/** Another job of the same projection is running: one rebuild or verification per projection at a time. */
public class RebuildInProgress extends RuntimeException {

    public RebuildInProgress(String projection, String job) {
        super("Projection %s is being rebuilt or verified (job %s)".formatted(projection, job));
    }
}
