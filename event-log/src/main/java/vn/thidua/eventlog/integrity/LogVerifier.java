package vn.thidua.eventlog.integrity;

import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verification walk: fed the log's positions in order and its checkpoints right after the position they end at,
 * it recomputes every event hash, every stream link and every checkpoint, and reports every broken link — not only
 * the first, so one broken event (or one that was stored broken) cannot hide tampering after it.
 * The verification endpoint feeds it from MongoDB and {@link VerifyLog} from an export: one implementation, so they
 * cannot disagree.
 * <p>
 * Checks, in walk order:
 * <ol>
 *   <li>each event's stored hash equals the hash of its content chained to its stored {@code prevHash} (an edited
 *       payload, metadata, type, timestamp … is caught at that very event);</li>
 *   <li>each event's {@code prevHash} equals the hash of the event before it in its stream, and sequences follow
 *       each other (a replaced or removed event breaks the next link);</li>
 *   <li>each checkpoint follows the one before it and equals the running hash of the positions it covers; a
 *       position it covers that holds nothing was deleted.</li>
 * </ol>
 * A commit whose predecessor in its stream sits at a later position (two instances' writers can interleave that
 * way) waits until the predecessor is seen; one still waiting at the end has lost its predecessor.
 * <p>
 * One change is reported once where it can be: after a broken link the walk goes on from what is stored (the stored
 * hash of an edited event, the stored checkpoint, the commit after a missing one), so a single edit does not make every
 * later link of its stream or of the log count as broken.
 * <p>
 * <b>Anchored</b> (ADR 0014): given the signed checkpoints of the checkpoint topic and the public keys, the walk also
 * checks each signature and recomputes the log's running hash along the signed checkpoints, continuing from each
 * signed hash (it is authentic), so a log rewritten consistently in the database — events, stream chains, stored
 * checkpoints — no longer passes: the first event of each stream whose hash differs from the one signed is named, a
 * stored checkpoint that differs from the signed one is named, and a stretch that differs in a way no event shows
 * (a position deleted, moved, replaced by a gap) is named by its signed checkpoint.
 * <p>
 * Memory: the last (sequence, hash, position) of every stream seen — about 200 bytes per aggregate — plus the
 * rare waiting commits and at most {@code maxReported} broken links (all of them are counted). Not per event.
 */
public final class LogVerifier {

    /** How many broken links a walk lists by default (all are counted). */
    public static final int DEFAULT_MAX_REPORTED = 1000;

    /** A broken link. {@code index}, {@code aggregateId}, {@code sequence}, {@code eventId} are empty when the break is not in one event. */
    public record Broken(long position, Integer index, String aggregateId, Long sequence, String eventId, String reason) {
    }

    /**
     * The outcome of a walk.
     *
     * @param firstBroken the first broken link in walk order, {@code null} when verified
     * @param brokenCount how many broken links the walk found
     * @param broken      the broken links in walk order, at most the verifier's {@code maxReported} of them
     */
    public record Result(boolean verified, long positionsChecked, long eventsChecked, long checkpointsChecked,
                         Broken firstBroken, long brokenCount, List<Broken> broken, Anchoring anchoring) {

        public Result {
            broken = List.copyOf(broken);
        }

        /** A walk without the checkpoint topic. */
        public Result(boolean verified, long positionsChecked, long eventsChecked, long checkpointsChecked,
                      Broken firstBroken, long brokenCount, List<Broken> broken) {
            this(verified, positionsChecked, eventsChecked, checkpointsChecked, firstBroken, brokenCount, broken,
                    Anchoring.notChecked("no checkpoint topic was given"));
        }
    }

    /**
     * Whether the log was compared with the signed checkpoints of the checkpoint topic.
     *
     * @param checked                  the topic was read to its end and compared
     * @param signedCheckpointsChecked how many signed checkpoints were read from it
     * @param problem                  why it was not checked (or not to the end), {@code null} when it was
     */
    public record Anchoring(boolean checked, long signedCheckpointsChecked, String problem) {

        static Anchoring notChecked(String why) {
            return new Anchoring(false, 0, "not compared with signed checkpoints: " + why
                    + "; the walk proves the log consistent, not that it is the log that was written");
        }
    }

    private record Tip(long sequence, String hash, long position) {
    }

    /** Positions {@code from} to {@code to} hold nothing. */
    private record Hole(long from, long to) {
    }

    private final int maxReported;
    private final Map<String, Tip> tips = new HashMap<>();
    private final Map<String, TreeMap<Long, Commit>> waiting = new HashMap<>();
    private final List<Hole> holes = new ArrayList<>();
    private final List<Broken> broken = new ArrayList<>();
    private CheckpointHasher hasher = CheckpointHasher.fromStart();
    /** The running hash of the current stretch cannot be recomputed (a stored hash that is not text). */
    private boolean unhashable;
    private long lastCheckpoint;
    private long expected = 1;
    private long positionsChecked;
    private long eventsChecked;
    private long checkpointsChecked;
    private long brokenCount;

    // the anchor track: the running hash recomputed along the signed checkpoints (null source: not anchored)
    private Iterator<CheckpointTopic.Entry> anchors;
    private final CheckpointKeys.Keyring keyring;
    private String anchorProblem;
    private SignedCheckpoint anchor;
    private Map<Long, List<String>> anchorHashes = Map.of();
    private CheckpointHasher anchorHasher = CheckpointHasher.fromStart();
    private boolean anchorUnhashable;
    /** Broken links counted when the current signed stretch began: any found in it explains its mismatch. */
    private long brokenAtStretchStart;
    /** An event of the current signed stretch differs from the one signed (reported, or re-chained after one that was). */
    private boolean stretchExplained;
    /** The walk reached the end of the current signed checkpoint; it is compared after the stored one there. */
    private boolean sealDue;
    private SignedCheckpoint lastSigned;
    private final Set<String> divergedStreams = new HashSet<>();
    private long signedChecked;
    private long lastPosition;

    public LogVerifier() {
        this(DEFAULT_MAX_REPORTED);
    }

    /** @param maxReported how many broken links to list (all are counted) */
    public LogVerifier(int maxReported) {
        this(maxReported, null, null, "no checkpoint topic was given");
    }

    /**
     * A walk that compares the log with the signed checkpoints of the checkpoint topic.
     *
     * @param anchors the topic's records in order ({@link CheckpointTopic#read}); it may throw
     *                {@link CheckpointTopic.Unavailable}, and the result then says the comparison stopped there
     * @param keyring the public keys the signatures are checked with
     */
    public LogVerifier(int maxReported, Iterator<CheckpointTopic.Entry> anchors, CheckpointKeys.Keyring keyring) {
        this(maxReported, anchors, keyring, null);
    }

    /** A walk that could not read the checkpoint topic, and says why in its result. */
    public static LogVerifier unanchored(String why) {
        return new LogVerifier(DEFAULT_MAX_REPORTED, null, null, why);
    }

    private LogVerifier(int maxReported, Iterator<CheckpointTopic.Entry> anchors, CheckpointKeys.Keyring keyring,
                        String anchorProblem) {
        if (maxReported < 1) {
            throw new IllegalArgumentException("A walk lists at least the first broken link");
        }
        this.maxReported = maxReported;
        this.anchors = anchors;
        this.keyring = keyring;
        this.anchorProblem = anchorProblem;
        if (anchors != null) {
            nextAnchor();
        }
    }

    /** The next position of the log (positions must come in increasing order; the ones skipped held nothing). */
    public void accept(LogEntry entry) {
        if (entry.position() < expected) {
            broken(entry.position(), null, null, null, null,
                    "position %d appears twice or out of order".formatted(entry.position()));
            return;
        }
        if (entry.position() > expected) {
            holes.add(new Hole(expected, entry.position() - 1));
        }
        expected = entry.position() + 1;
        positionsChecked++;
        lastPosition = entry.position();
        if (entry instanceof Commit commit) {
            checkContent(commit);
            link(commit);
        }
        if (anchors != null) {
            anchorPosition(entry);
        }
        if (holes.isEmpty() && !unhashable) {
            try {
                hasher.add(entry);
            } catch (MalformedText e) {
                unhashable = true; // the event's stored hash is not text: already reported by checkContent
            }
        }
    }

    /** A checkpoint, right after the position it ends at. */
    public void accept(Checkpoint checkpoint) {
        checkpointsChecked++;
        long upTo = checkpoint.upTo();
        if (upTo >= expected) {
            holes.add(new Hole(expected, upTo));
        }
        expected = Math.max(expected, upTo + 1);
        boolean follows = checkpoint.previous() == lastCheckpoint;
        if (!follows) {
            broken(upTo, null, null, null, null, ("checkpoint %d follows checkpoint %d, but the last checkpoint seen is %d "
                    + "(a checkpoint was removed or added)").formatted(upTo, checkpoint.previous(), lastCheckpoint));
        }
        for (Hole hole : holes) {
            broken(hole.from(), null, null, null, null, hole.from() == hole.to()
                    ? "position %d holds nothing, but checkpoint %d covers it (a commit or gap marker was deleted)"
                            .formatted(hole.from(), upTo)
                    : "positions %d to %d hold nothing, but checkpoint %d covers them (commits or gap markers were deleted)"
                            .formatted(hole.from(), hole.to(), upTo));
        }
        // a stretch already reported as cut short (missing checkpoint, deleted positions) is not reported twice
        if (follows && holes.isEmpty() && !unhashable) {
            Checkpoint recomputed = hasher.seal(null);
            if (!recomputed.hash().equals(checkpoint.hash()) || recomputed.upTo() != upTo) {
                broken(upTo, null, null, null, null, ("checkpoint %d does not match the log: positions %d to %d or the "
                        + "checkpoint were changed").formatted(upTo, lastCheckpoint + 1, upTo));
            }
        }
        // continue from the stored checkpoint, so one broken stretch does not hide the ones after it
        try {
            hasher = new CheckpointHasher(upTo, checkpoint.hash());
            unhashable = false;
        } catch (MalformedText e) {
            broken(upTo, null, null, null, null, "checkpoint %d holds a hash that is not text".formatted(upTo));
            unhashable = true;
        }
        holes.clear();
        lastCheckpoint = upTo;
        if (anchors != null) {
            anchorBoundary(checkpoint);
        }
    }

    /**
     * The end of the walk.
     *
     * @param latestCheckpoint the latest checkpoint the store says was written (0 when unknown): if the walk saw none
     *                         that far, the tail of the checkpoint chain was removed
     */
    public Result finish(long latestCheckpoint) {
        if (anchors != null) {
            if (sealDue) {
                sealAnchored();
            }
            passAnchorsBefore(Long.MAX_VALUE);
        }
        for (TreeMap<Long, Commit> stream : waiting.values()) {
            // the first commit after each missing stretch is reported; the commits after it link on from it
            while (!stream.isEmpty()) {
                Commit entry = stream.pollFirstEntry().getValue();
                Tip tip = tips.get(entry.aggregateId());
                StoredEvent first = entry.events().get(0);
                broken(entry.position(), 0, entry.aggregateId(), first.sequence(), first.eventId(),
                        "the previous event of its stream (sequence %d) is missing%s".formatted(first.sequence() - 1,
                                tip == null ? "" : "; the stream ends at sequence %d (position %d)"
                                        .formatted(tip.sequence(), tip.position())));
                chain(entry, new Tip(first.sequence() - 1, first.prevHash() == null ? "" : first.prevHash(), -1));
                for (Tip now = tips.get(entry.aggregateId()); stream.containsKey(now.sequence() + 1);
                     now = tips.get(entry.aggregateId())) {
                    chain(stream.remove(now.sequence() + 1), now);
                }
            }
        }
        waiting.clear();
        if (latestCheckpoint > lastCheckpoint) {
            broken(latestCheckpoint, null, null, null, null, ("checkpoint %d was written but is missing; the last one "
                    + "present is %d").formatted(latestCheckpoint, lastCheckpoint));
        }
        Anchoring anchoring = anchorProblem != null ? Anchoring.notChecked(anchorProblem)
                : new Anchoring(true, signedChecked, null);
        return new Result(brokenCount == 0, positionsChecked, eventsChecked, checkpointsChecked, firstBroken(),
                brokenCount, broken, anchoring);
    }

    // ---- the anchor track -------------------------------------------------------------------------------------

    /** Moves to the next signed checkpoint whose signature verifies; reports the others. */
    private void nextAnchor() {
        anchor = null;
        anchorHashes = Map.of();
        sealDue = false;
        stretchExplained = false;
        try {
            while (anchor == null && anchors.hasNext()) {
                CheckpointTopic.Entry e = anchors.next();
                SignedCheckpoint c = e.checkpoint();
                if (c == null) {
                    broken(0, null, null, null, null, "the record %s of the checkpoint topic cannot be read: %s"
                            .formatted(e.coordinates(), e.unreadable()));
                    continue;
                }
                signedChecked++;
                String problem = keyring.problem(c);
                if (problem != null) {
                    broken(c.upTo(), null, null, null, null, "checkpoint %d on the checkpoint topic (%s) %s"
                            .formatted(c.upTo(), e.coordinates(), problem));
                } else if (lastSigned != null && c.upTo() <= lastSigned.upTo()) {
                    if (c.upTo() < lastSigned.upTo() || !c.hash().equals(lastSigned.hash())) {
                        broken(c.upTo(), null, null, null, null, ("checkpoint %d on the checkpoint topic (%s) comes after "
                                + "signed checkpoint %d and disagrees with it").formatted(c.upTo(), e.coordinates(), lastSigned.upTo()));
                    }
                } else {
                    anchor = c;
                }
            }
        } catch (CheckpointTopic.Unavailable e) {
            anchorProblem = e.getMessage();
            anchors = null;
            anchor = null;
            return;
        }
        brokenAtStretchStart = brokenCount;
        if (anchor != null) {
            Map<Long, List<String>> hashes = new HashMap<>();
            anchor.covered().forEach(c -> hashes.put(c.position(), c.hashes()));
            anchorHashes = hashes;
        }
    }

    private void anchorPosition(LogEntry entry) {
        long p = entry.position();
        if (sealDue) {
            sealAnchored();
        }
        passAnchorsBefore(p);
        if (!anchorUnhashable) {
            if (p != anchorHasher.lastPosition() + 1) {
                anchorUnhashable = true;
            } else {
                try {
                    anchorHasher.add(entry);
                } catch (MalformedText e) {
                    anchorUnhashable = true;
                }
            }
        }
        if (anchors == null || anchor == null || p <= anchor.previous() || p > anchor.upTo()) {
            return;
        }
        compareWithSigned(entry);
        sealDue = p == anchor.upTo();
    }

    /** The event hashes of a position against the ones signed for it. */
    private void compareWithSigned(LogEntry entry) {
        List<String> signed = anchorHashes.get(entry.position());
        if (!(entry instanceof Commit commit)) {
            if (signed != null) {
                broken(entry.position(), null, null, null, null, ("position %d is a gap, but held a commit when "
                        + "checkpoint %d was signed (key %s): the commit was replaced").formatted(entry.position(),
                        anchor.upTo(), anchor.keyId()));
            }
            return;
        }
        if (signed == null) {
            broken(entry.position(), 0, commit.aggregateId(), commit.events().get(0).sequence(),
                    commit.events().get(0).eventId(), ("the position holds a commit, but was empty or a gap when "
                            + "checkpoint %d was signed (key %s): the commit was inserted or moved here afterwards")
                            .formatted(anchor.upTo(), anchor.keyId()));
            return;
        }
        for (int i = 0; i < Math.max(signed.size(), commit.events().size()); i++) {
            if (i < signed.size() && i < commit.events().size() && signed.get(i).equals(commit.events().get(i).hash())) {
                continue;
            }
            int index = Math.min(i, commit.events().size() - 1);
            stretchExplained = true;
            // the first event of a stream that differs is the rewritten one; the later ones were re-chained after it
            if (divergedStreams.add(commit.aggregateId())) {
                broken(commit, index, ("the event differs from the one signed in checkpoint %d on the checkpoint topic "
                        + "(key %s): it was rewritten in the database, with its stream's chain and the stored "
                        + "checkpoints recomputed to match").formatted(anchor.upTo(), anchor.keyId()));
            }
            return;
        }
    }

    /** The walk reached the end of the current signed checkpoint: the recomputed running hash must equal the signed one. */
    private void sealAnchored() {
        SignedCheckpoint signed = anchor;
        boolean matches = !anchorUnhashable && anchorHasher.previousUpTo() == signed.previous()
                && anchorHasher.lastPosition() == signed.upTo()
                && anchorHasher.seal(null).hash().equals(signed.hash());
        // a stretch in which something was already reported is not reported again as a whole
        if (!matches && brokenCount == brokenAtStretchStart && !stretchExplained) {
            broken(signed.upTo(), null, null, null, null, ("the log does not match checkpoint %d signed on the checkpoint "
                    + "topic (key %s): positions %d to %d, or the checkpoints before them, were changed after it was "
                    + "signed").formatted(signed.upTo(), signed.keyId(), signed.previous() + 1, signed.upTo()));
        }
        // the signed hash is authentic: the next stretch is checked from it, whatever this one held
        anchorHasher = new CheckpointHasher(signed.upTo(), signed.hash());
        anchorUnhashable = false;
        lastSigned = signed;
        nextAnchor();
    }

    /** Signed checkpoints ending before {@code position} that the walk never reached: the positions are gone. */
    private void passAnchorsBefore(long position) {
        while (anchors != null && anchor != null && anchor.upTo() < position) {
            if (lastPosition < anchor.upTo()) {
                broken(anchor.upTo(), null, null, null, null, (position == Long.MAX_VALUE
                        ? "checkpoint %d signed on the checkpoint topic (key %s) covers the log up to position %d, but "
                                + "the log ends at position %d: its tail was removed"
                        : "checkpoint %d signed on the checkpoint topic (key %s) ends at position %d, which the log no "
                                + "longer holds (last position before it: %d)")
                        .formatted(anchor.upTo(), anchor.keyId(), anchor.upTo(), lastPosition));
            }
            anchorUnhashable = true;
            sealAnchored();
        }
    }

    /** A stored checkpoint: it must equal the signed one ending at the same position; else a boundary of the chain. */
    private void anchorBoundary(Checkpoint stored) {
        long upTo = stored.upTo();
        if (sealDue) {
            sealAnchored();
        }
        passAnchorsBefore(upTo);
        if (anchor != null && anchor.upTo() == upTo) {
            anchorUnhashable = true; // the position it ends at is missing from the walk
            sealAnchored();
        }
        if (lastSigned != null && lastSigned.upTo() == upTo) {
            if (!lastSigned.hash().equals(stored.hash()) || lastSigned.previous() != stored.previous()) {
                broken(upTo, null, null, null, null, ("checkpoint %d stored in the database differs from the one signed "
                        + "on the checkpoint topic (key %s): the database's checkpoints were rewritten")
                        .formatted(upTo, lastSigned.keyId()));
            }
        } else if (!anchorUnhashable && anchorHasher.lastPosition() == upTo && anchorHasher.positionsSinceCheckpoint() > 0) {
            // a checkpoint that was stored but not signed (its transaction failed): the signed ones chain through it
            anchorHasher.seal(null);
        }
    }

    /** The first broken link found so far, or {@code null}. */
    public Broken firstBroken() {
        return broken.isEmpty() ? null : broken.get(0);
    }

    /** The broken links found so far (at most {@code maxReported}). */
    public List<Broken> broken() {
        return Collections.unmodifiableList(broken);
    }

    private void checkContent(Commit entry) {
        for (int i = 0; i < entry.events().size(); i++) {
            StoredEvent e = entry.events().get(i);
            eventsChecked++;
            if (e.hash() == null || e.prevHash() == null) {
                broken(entry, i, "the event has no hash (written before tamper evidence, or the hash was removed)");
                continue;
            }
            String computed;
            try {
                computed = EventHash.of(entry.aggregateType(), entry.aggregateId(), e);
            } catch (MalformedText malformed) {
                broken(entry, i, "the event holds text that is not well-formed Unicode, so it cannot match its hash");
                continue;
            }
            if (!computed.equals(e.hash())) {
                broken(entry, i, "the event does not match its hash: its content or metadata was changed");
            }
        }
    }

    /** Links the commit to its stream, or lets it wait for a predecessor that comes later. */
    private void link(Commit entry) {
        if (entry.events().isEmpty()) {
            broken(entry.position(), null, entry.aggregateId(), null, null, "the commit holds no events");
            return;
        }
        Tip tip = tips.get(entry.aggregateId());
        long next = tip == null ? 0 : tip.sequence() + 1;
        long first = entry.events().get(0).sequence();
        if (first > next) {
            waiting.computeIfAbsent(entry.aggregateId(), id -> new TreeMap<>()).put(first, entry);
            return;
        }
        chain(entry, tip);
        TreeMap<Long, Commit> later = waiting.get(entry.aggregateId());
        while (later != null && !later.isEmpty()) {
            Tip now = tips.get(entry.aggregateId());
            Commit following = later.remove(now.sequence() + 1);
            if (following == null) {
                break;
            }
            chain(following, now);
        }
        if (later != null && later.isEmpty()) {
            waiting.remove(entry.aggregateId());
        }
    }

    private void chain(Commit entry, Tip tip) {
        long expectedSequence = tip == null ? 0 : tip.sequence() + 1;
        String expectedPrev = tip == null ? EventHash.GENESIS : tip.hash();
        for (int i = 0; i < entry.events().size(); i++) {
            StoredEvent e = entry.events().get(i);
            if (e.sequence() != expectedSequence) {
                broken(entry, i, tip != null && e.sequence() <= tip.sequence()
                        ? "sequence %d of the stream is already at position %d".formatted(e.sequence(), tip.position())
                        : "expected sequence %d of the stream here".formatted(expectedSequence));
            } else if (!expectedPrev.equals(e.prevHash())) {
                broken(entry, i, e.sequence() == 0 ? "the first event of the stream does not start from the genesis hash"
                        : "the previous hash does not match the event at sequence %d (position %d): the stream was changed before this event"
                                .formatted(e.sequence() - 1, i == 0 && tip != null ? tip.position() : entry.position()));
            }
            expectedSequence = e.sequence() + 1;
            expectedPrev = e.hash() == null ? "" : e.hash();
        }
        StoredEvent last = entry.events().get(entry.events().size() - 1);
        tips.put(entry.aggregateId(), new Tip(last.sequence(), last.hash(), entry.position()));
    }

    private void broken(Commit entry, int index, String reason) {
        StoredEvent e = entry.events().get(index);
        broken(entry.position(), index, entry.aggregateId(), e.sequence(), e.eventId(), reason);
    }

    private void broken(long position, Integer index, String aggregateId, Long sequence, String eventId, String reason) {
        brokenCount++;
        if (broken.size() < maxReported) {
            broken.add(new Broken(position, index, aggregateId, sequence, eventId, reason));
        }
    }
}
