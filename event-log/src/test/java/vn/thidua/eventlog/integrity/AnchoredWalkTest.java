package vn.thidua.eventlog.integrity;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk against signed checkpoints, without a broker: positions 1 to 9 of streams A and B, stored checkpoints at 3,
 * 6 and 9, and signed ones at 3 and 9 only — the transaction that carried the signed checkpoint 6 failed, as it may
 * when the publisher dies between storing a checkpoint and committing its batch.
 */
class AnchoredWalkTest {

    @TempDir
    Path keys;
    CheckpointKeys.Signer signer;
    CheckpointKeys.Keyring keyring;
    List<LogEntry> entries;
    Map<Long, Checkpoint> stored;
    List<SignedCheckpoint> signed;

    @BeforeEach
    void signedLog() {
        signer = CheckpointKeys.ensureSigner(keys.resolve(CheckpointKeys.SIGNING_FILE));
        keyring = CheckpointKeys.Keyring.read(List.of(keys.resolve(CheckpointKeys.PUBLIC_FILE)));
        entries = log(Map.of());
        stored = new HashMap<>();
        signed = new ArrayList<>();
        checkpoint(entries, Set.of(3L, 9L), stored, signed);
    }

    /** Streams A (odd positions) and B (even), one event per commit; {@code payloads} replace some payloads. */
    static List<LogEntry> log(Map<Long, String> payloads) {
        Map<String, String> tips = new HashMap<>();
        Map<String, Long> sequences = new HashMap<>();
        List<LogEntry> entries = new ArrayList<>();
        for (long p = 1; p <= 9; p++) {
            String stream = p % 2 == 1 ? "A" : "B";
            long sequence = sequences.merge(stream, 1L, Long::sum) - 1;
            StoredEvent e = new StoredEvent(stream + sequence, sequence, "T", "1", "2018-01-01T00:00:00Z",
                    payloads.getOrDefault(p, "{\"n\":" + sequence + "}"), "{}", null, null);
            List<StoredEvent> hashed = EventHash.chain("Agg", stream, tips.getOrDefault(stream, EventHash.GENESIS), List.of(e));
            tips.put(stream, hashed.get(0).hash());
            entries.add(new Commit(p, "c" + p, "Agg", stream, hashed, null));
        }
        return entries;
    }

    /** The stored checkpoints at 3, 6, 9 over {@code entries}, and signed ones where {@code signedAt} says. */
    void checkpoint(List<LogEntry> entries, Set<Long> signedAt, Map<Long, Checkpoint> stored, List<SignedCheckpoint> signed) {
        CheckpointHasher hasher = CheckpointHasher.fromStart();
        List<SignedCheckpoint.Covered> covered = new ArrayList<>();
        for (LogEntry e : entries) {
            hasher.add(e);
            Commit c = (Commit) e;
            covered.add(new SignedCheckpoint.Covered(c.position(), c.events().stream().map(StoredEvent::hash).toList()));
            if (e.position() % 3 == 0) {
                Checkpoint checkpoint = hasher.seal(null);
                stored.put(e.position(), checkpoint);
                if (signedAt.contains(e.position())) {
                    signed.add(signer.sign(checkpoint, covered));
                }
                covered.clear();
            }
        }
    }

    LogVerifier.Result walk(List<LogEntry> entries, Map<Long, Checkpoint> stored, Predicate<Long> kept) {
        LogVerifier verifier = new LogVerifier(LogVerifier.DEFAULT_MAX_REPORTED,
                signed.stream().map(c -> new CheckpointTopic.Entry("t-0@" + c.upTo(), c, null)).iterator(), keyring);
        for (LogEntry e : entries) {
            if (kept.test(e.position())) {
                verifier.accept(e);
            }
            if (stored.containsKey(e.position())) {
                verifier.accept(stored.get(e.position()));
            }
        }
        return verifier.finish(0);
    }

    @Test
    void a_stored_checkpoint_whose_signed_copy_never_reached_the_topic_is_no_alarm() {
        LogVerifier.Result r = walk(entries, stored, p -> true);

        assertThat(r.verified()).as(r.broken().toString()).isTrue();
        assertThat(r.anchoring().checked()).isTrue();
        assertThat(r.anchoring().signedCheckpointsChecked()).isEqualTo(2);
    }

    @Test
    void a_consistent_rewrite_under_the_unsigned_checkpoint_is_caught_by_the_next_signed_one() {
        // position 4 (B1) rewritten, stream B re-chained, every stored checkpoint recomputed
        List<LogEntry> rewritten = log(Map.of(4L, "{\"n\":100}"));
        Map<Long, Checkpoint> recomputed = new HashMap<>();
        checkpoint(rewritten, Set.of(), recomputed, new ArrayList<>());

        assertThat(walk(rewritten, recomputed, p -> true).verified()).isFalse();
        LogVerifier.Result r = walk(rewritten, recomputed, p -> true);
        // B's later events were signed in checkpoint 9: the first of them that differs names the stream
        assertThat(r.broken()).anySatisfy(b -> {
            assertThat(b.aggregateId()).isEqualTo("B");
            assertThat(b.reason()).contains("differs from the one signed in checkpoint 9");
        });
        assertThat(r.broken()).anySatisfy(b -> assertThat(b.reason())
                .contains("checkpoint 9 stored in the database differs from the one signed"));
    }

    @Test
    void a_removed_tail_is_named_by_the_signed_checkpoint_that_covered_it() {
        Map<Long, Checkpoint> withoutLast = new HashMap<>(stored);
        withoutLast.remove(9L);

        LogVerifier.Result r = walk(entries, withoutLast, p -> p <= 7);

        assertThat(r.verified()).isFalse();
        assertThat(r.broken()).extracting(LogVerifier.Broken::reason).containsExactly(
                "checkpoint 9 signed on the checkpoint topic (key %s) covers the log up to position 9, but the log ends "
                        .formatted(signer.keyId()) + "at position 7: its tail was removed");
    }

    @Test
    void a_commit_replaced_by_another_with_its_own_valid_chain_is_named() {
        List<LogEntry> replaced = new ArrayList<>(entries);
        Commit original = (Commit) replaced.get(7); // position 8, B3: the last of its stream
        StoredEvent e = original.events().get(0);
        StoredEvent forged = new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), "{\"n\":-1}",
                e.metadata(), null, e.prevHash());
        replaced.set(7, original.withEvents(List.of(new StoredEvent(forged.eventId(), forged.sequence(), forged.type(),
                forged.revision(), forged.timestamp(), forged.payload(), forged.metadata(),
                EventHash.of("Agg", "B", forged), forged.prevHash()))));
        Map<Long, Checkpoint> recomputed = new HashMap<>();
        checkpoint(replaced, Set.of(), recomputed, new ArrayList<>());

        LogVerifier.Result r = walk(replaced, recomputed, p -> true);

        assertThat(r.firstBroken().position()).isEqualTo(8);
        assertThat(r.firstBroken().eventId()).isEqualTo("B3");
    }
}
