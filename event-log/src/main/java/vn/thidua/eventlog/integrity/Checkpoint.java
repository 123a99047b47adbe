package vn.thidua.eventlog.integrity;

/**
 * A checkpoint over the whole log: the running hash of every position up to {@code upTo}, chained to the checkpoint
 * before it (see {@link CheckpointHasher}).
 *
 * @param upTo      the last position covered; the checkpoint's id
 * @param previous  the {@code upTo} of the checkpoint before it; 0 for the first
 * @param hash      the running hash
 * @param positions how many positions it covers (those after {@code previous})
 * @param events    how many events those positions hold
 * @param createdAt when it was written (ISO-8601; informative, not hashed)
 */
public record Checkpoint(long upTo, long previous, String hash, long positions, long events, String createdAt) {
}
