package vn.thidua.eventlog.integrity;

import java.util.List;

/**
 * A checkpoint as the publisher signs it and publishes it to the checkpoint topic (docs/integrity.md, ADR 0014): the
 * stored checkpoint's fields, the event hashes of every position it covers (so a verifier can name the event that
 * differs, not only the stretch), the id of the signing key and an Ed25519 signature over all of it.
 *
 * @param covered   the commits of the positions after {@code previous} up to {@code upTo}, in order (gaps are absent)
 * @param keyId     which key signed it ({@link CheckpointKeys#keyId}); keys rotate, the verifier holds the public ones
 * @param signature Base64 of the Ed25519 signature over {@link #signedDigest()}
 */
public record SignedCheckpoint(long upTo, long previous, String hash, long positions, long events,
                               List<Covered> covered, String keyId, String signature) {

    static final String TAG = "thidua-signed-checkpoint/v1";

    /** The event hashes of one covered commit, in commit order. */
    public record Covered(long position, List<String> hashes) {

        public Covered {
            hashes = List.copyOf(hashes);
        }
    }

    public SignedCheckpoint {
        covered = covered == null ? List.of() : List.copyOf(covered);
    }

    /** The stored form of the checkpoint (without {@code createdAt}, which is not signed). */
    public Checkpoint checkpoint() {
        return new Checkpoint(upTo, previous, hash, positions, events, null);
    }

    /**
     * SHA-256 over the canonical encoding of the tag, {@code upTo, previous, hash, positions, events, keyId}, the
     * number of covered commits and, for each, its position, its number of events and their hashes: what is signed.
     */
    byte[] signedDigest() {
        Canonical c = new Canonical(TAG).number(upTo).number(previous).string(hash).number(positions).number(events)
                .string(keyId).number(covered.size());
        for (Covered commit : covered) {
            c.number(commit.position()).number(commit.hashes().size());
            commit.hashes().forEach(c::string);
        }
        return c.bytes();
    }
}
