package vn.thidua.eventlog.integrity;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.thidua.eventlog.Commit;
import vn.thidua.eventlog.Gap;
import vn.thidua.eventlog.LogEntry;
import vn.thidua.eventlog.StoredEvent;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The verification walk over a small log: A0 A1 | B0 | gap | A2 (two events) B1 with checkpoints after 3 and 6. */
class LogVerifierTest {

    /** One item of the walk: a position or a checkpoint. */
    sealed interface Item permits Pos, Cp {
    }

    record Pos(LogEntry entry) implements Item {
    }

    record Cp(Checkpoint checkpoint) implements Item {
    }

    List<Item> log;

    @BeforeEach
    void log() {
        Map<String, String> tips = new HashMap<>();
        List<LogEntry> entries = new ArrayList<>();
        entries.add(commit(tips, 1, "A", 0, 1));
        entries.add(commit(tips, 2, "B", 0));
        entries.add(new Gap(3));
        entries.add(commit(tips, 4, "A", 2, 3));
        entries.add(commit(tips, 5, "B", 1));
        entries.add(commit(tips, 6, "C", 0));
        entries.add(commit(tips, 7, "A", 4));
        log = new ArrayList<>();
        CheckpointHasher hasher = CheckpointHasher.fromStart();
        for (LogEntry e : entries) {
            hasher.add(e);
            log.add(new Pos(e));
            if (e.position() == 3 || e.position() == 6) {
                log.add(new Cp(hasher.seal("2018-01-01T00:00:00Z")));
            }
        }
    }

    static Commit commit(Map<String, String> tips, long position, String aggregate, long... sequences) {
        List<StoredEvent> events = new ArrayList<>();
        for (long s : sequences) {
            events.add(new StoredEvent(aggregate + s, s, "T", "1", "2018-01-01T00:00:00Z", "{\"n\":" + s + "}",
                    "{\"subject\":\"x\"}", null, null));
        }
        List<StoredEvent> hashed = EventHash.chain("Agg", aggregate, tips.getOrDefault(aggregate, EventHash.GENESIS), events);
        tips.put(aggregate, hashed.get(hashed.size() - 1).hash());
        return new Commit(position, "c" + position, "Agg", aggregate, hashed, null);
    }

    LogVerifier.Result walk(List<Item> items) {
        LogVerifier v = new LogVerifier();
        for (Item i : items) {
            if (i instanceof Pos p) {
                v.accept(p.entry());
            } else if (i instanceof Cp c) {
                v.accept(c.checkpoint());
            }
        }
        return v.finish(6);
    }

    int indexOf(long position) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i) instanceof Pos p && p.entry().position() == position) {
                return i;
            }
        }
        throw new IllegalArgumentException();
    }

    void editEvent(long position, int index, UnaryOperator<StoredEvent> edit) {
        Commit e = (Commit) ((Pos) log.get(indexOf(position))).entry();
        List<StoredEvent> events = new ArrayList<>(e.events());
        events.set(index, edit.apply(events.get(index)));
        log.set(indexOf(position), new Pos(e.withEvents(events)));
    }

    static StoredEvent withPayload(StoredEvent e, String payload) {
        return new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), payload, e.metadata(), e.hash(), e.prevHash());
    }

    static StoredEvent rehashed(StoredEvent e, String aggregate) {
        return new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), e.payload(), e.metadata(),
                EventHash.of("Agg", aggregate, e), e.prevHash());
    }

    @Test
    void an_untouched_log_verifies() {
        LogVerifier.Result r = walk(log);
        assertThat(r.firstBroken()).isNull();
        assertThat(r.verified()).isTrue();
        assertThat(r.positionsChecked()).isEqualTo(7);
        assertThat(r.eventsChecked()).isEqualTo(8);
        assertThat(r.checkpointsChecked()).isEqualTo(2);
    }

    @Test
    void an_edited_payload_is_named() {
        editEvent(4, 1, e -> withPayload(e, "{\"n\":999}"));
        LogVerifier.Broken b = walk(log).firstBroken();
        assertThat(b).isNotNull();
        assertThat(b.position()).isEqualTo(4);
        assertThat(b.index()).isEqualTo(1);
        assertThat(b.aggregateId()).isEqualTo("A");
        assertThat(b.sequence()).isEqualTo(3);
        assertThat(b.eventId()).isEqualTo("A3");
        assertThat(b.reason()).contains("does not match its hash");
    }

    @Test
    void edited_metadata_is_named() {
        editEvent(2, 0, e -> new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), e.payload(),
                "{\"subject\":\"mallory\"}", e.hash(), e.prevHash()));
        assertThat(walk(log).firstBroken()).extracting(LogVerifier.Broken::position, LogVerifier.Broken::eventId)
                .containsExactly(2L, "B0");
    }

    @Test
    void an_edit_with_a_recomputed_hash_breaks_the_next_link() {
        editEvent(4, 0, e -> rehashed(withPayload(e, "{\"n\":999}"), "A"));
        LogVerifier.Broken b = walk(log).firstBroken();
        assertThat(b.position()).isEqualTo(4);
        assertThat(b.index()).isEqualTo(1);
        assertThat(b.eventId()).isEqualTo("A3");
        assertThat(b.reason()).contains("previous hash");
    }

    @Test
    void a_changed_prev_hash_breaks_the_chain() {
        editEvent(5, 0, e -> rehashed(new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(),
                e.payload(), e.metadata(), null, "f".repeat(64)), "B"));
        LogVerifier.Broken b = walk(log).firstBroken();
        assertThat(b.position()).isEqualTo(5);
        assertThat(b.reason()).contains("previous hash");
    }

    @Test
    void a_rewritten_tail_of_a_stream_is_caught_by_the_checkpoint() {
        // the last event of C rewritten with a valid hash: no later link to break, but checkpoint 6 covers it
        editEvent(6, 0, e -> rehashed(withPayload(e, "{\"n\":42}"), "C"));
        LogVerifier.Broken b = walk(log).firstBroken();
        assertThat(b.position()).isEqualTo(6);
        assertThat(b.reason()).contains("checkpoint 6 does not match");
    }

    @Test
    void a_deleted_commit_under_a_checkpoint_is_named() {
        log.remove(indexOf(2));
        LogVerifier.Broken b = walk(log).firstBroken();
        assertThat(b.position()).isEqualTo(2);
        assertThat(b.reason()).contains("holds nothing");
    }

    @Test
    void a_deleted_commit_after_the_last_checkpoint_breaks_its_stream() {
        List<Item> shorter = new ArrayList<>(log);
        shorter.remove(indexOf(4)); // A2-A3 gone; A4 at 7 waits for its predecessor forever
        shorter.removeIf(i -> i instanceof Cp c && c.checkpoint().upTo() == 6);
        LogVerifier v = new LogVerifier();
        shorter.forEach(i -> {
            if (i instanceof Pos p) {
                v.accept(p.entry());
            } else {
                v.accept(((Cp) i).checkpoint());
            }
        });
        LogVerifier.Broken b = v.finish(3).firstBroken();
        assertThat(b.position()).isEqualTo(7);
        assertThat(b.eventId()).isEqualTo("A4");
        assertThat(b.reason()).contains("sequence 3) is missing");
    }

    @Test
    void a_removed_or_forged_checkpoint_is_detected() {
        List<Item> noFirst = new ArrayList<>(log);
        noFirst.removeIf(i -> i instanceof Cp c && c.checkpoint().upTo() == 3);
        assertThat(walk(noFirst).firstBroken().reason()).contains("follows checkpoint 3");

        List<Item> noLast = new ArrayList<>(log);
        noLast.removeIf(i -> i instanceof Cp c && c.checkpoint().upTo() == 6);
        assertThat(walk(noLast).firstBroken().reason()).contains("checkpoint 6 was written but is missing");

        List<Item> forged = new ArrayList<>(log);
        int at = forged.indexOf(forged.stream().filter(i -> i instanceof Cp c && c.checkpoint().upTo() == 3).findFirst().orElseThrow());
        Checkpoint c = ((Cp) forged.get(at)).checkpoint();
        forged.set(at, new Cp(new Checkpoint(c.upTo(), c.previous(), "a".repeat(64), c.positions(), c.events(), c.createdAt())));
        assertThat(walk(forged).firstBroken()).extracting(LogVerifier.Broken::position).isEqualTo(3L);
    }

    @Test
    void commits_of_a_stream_out_of_position_order_still_link() {
        // two writers interleaved: A1 landed at a lower position than A0; the stream still links
        Map<String, String> tips = new HashMap<>();
        LogVerifier v = new LogVerifier();
        Commit a0 = commit(tips, 1, "A", 0);
        Commit a1 = commit(tips, 2, "A", 1);
        v.accept(new Commit(1, "x", "Agg", "A", a1.events(), null));
        v.accept(new Commit(2, "y", "Agg", "A", a0.events(), null));
        assertThat(v.finish(0).verified()).isTrue();
    }

    @Test
    void the_export_round_trips_and_the_offline_walk_agrees() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogExport.Writer w = new LogExport.Writer(out)) {
            for (Item i : log) {
                if (i instanceof Pos p) {
                    w.write(p.entry());
                } else {
                    w.write(((Cp) i).checkpoint());
                }
            }
            w.end(6);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(10);
        LogVerifier.Result ok = LogExport.verify(new BufferedReader(new StringReader(text)));
        assertThat(VerifyLog.describe(ok).lines()).containsExactly("OK: 7 positions, 8 events, 2 checkpoints verified",
                "NOT ANCHORED: not compared with signed checkpoints: no checkpoint topic was given; the walk proves the log "
                        + "consistent, not that it is the log that was written");

        String tampered = text.replace("{\\\"n\\\":3}", "{\\\"n\\\":30}");
        assertThat(tampered).isNotEqualTo(text);
        LogVerifier.Result broken = LogExport.verify(new BufferedReader(new StringReader(tampered)));
        assertThat(VerifyLog.describe(broken)).startsWith("BROKEN at position 4 (aggregate A, sequence 3, event A3): ");
    }

    @Test
    void tampered_events_in_different_streams_are_all_reported() {
        editEvent(4, 1, e -> withPayload(e, "{\"n\":999}"));
        editEvent(5, 0, e -> new StoredEvent(e.eventId(), e.sequence(), e.type(), e.revision(), e.timestamp(), e.payload(),
                "{\"subject\":\"mallory\"}", e.hash(), e.prevHash()));
        LogVerifier.Result r = walk(log);
        assertThat(r.verified()).isFalse();
        assertThat(r.brokenCount()).isEqualTo(2);
        assertThat(r.broken()).extracting(LogVerifier.Broken::position, LogVerifier.Broken::aggregateId,
                        LogVerifier.Broken::eventId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, "A", "A3"),
                        org.assertj.core.groups.Tuple.tuple(5L, "B", "B1"));
        assertThat(r.firstBroken()).isEqualTo(r.broken().get(0));
    }

    @Test
    void a_broken_link_does_not_hide_a_checkpoint_that_does_not_match_after_it() {
        editEvent(2, 0, e -> withPayload(e, "{\"n\":999}"));
        editEvent(6, 0, e -> rehashed(withPayload(e, "{\"n\":42}"), "C"));
        assertThat(walk(log).broken()).extracting(LogVerifier.Broken::reason)
                .satisfiesExactly(first -> assertThat(first).contains("does not match its hash"),
                        second -> assertThat(second).contains("checkpoint 6 does not match"));
    }

    @Test
    void a_missing_commit_is_reported_once_not_for_every_later_event_of_its_stream() {
        Map<String, String> tips = new HashMap<>();
        List<LogEntry> entries = List.of(commit(tips, 1, "A", 0), commit(tips, 2, "A", 1), commit(tips, 3, "A", 2),
                commit(tips, 4, "A", 3), commit(tips, 5, "B", 0));
        LogVerifier v = new LogVerifier();
        entries.stream().filter(e -> e.position() != 2).forEach(v::accept);
        LogVerifier.Result r = v.finish(0);
        assertThat(r.brokenCount()).isEqualTo(1);
        assertThat(r.firstBroken().eventId()).isEqualTo("A2");
        assertThat(r.firstBroken().reason()).contains("sequence 1) is missing");
    }

    @Test
    void deleted_positions_in_a_row_are_one_broken_link() {
        List<Item> shorter = new ArrayList<>(log);
        shorter.remove(indexOf(5));
        shorter.remove(indexOf(4));
        LogVerifier.Result r = walk(shorter);
        assertThat(r.broken()).extracting(LogVerifier.Broken::reason)
                .anySatisfy(reason -> assertThat(reason).contains("positions 4 to 5 hold nothing, but checkpoint 6 covers them"));
        assertThat(r.broken()).extracting(LogVerifier.Broken::reason).filteredOn(reason -> reason.contains("hold")).hasSize(1);
    }

    @Test
    void the_list_of_broken_links_is_bounded_but_every_one_is_counted() {
        editEvent(1, 0, e -> withPayload(e, "{\"n\":7}"));
        editEvent(4, 1, e -> withPayload(e, "{\"n\":999}"));
        editEvent(5, 0, e -> withPayload(e, "{\"n\":998}"));
        LogVerifier v = new LogVerifier(2);
        log.forEach(i -> {
            if (i instanceof Pos p) {
                v.accept(p.entry());
            } else {
                v.accept(((Cp) i).checkpoint());
            }
        });
        LogVerifier.Result r = v.finish(6);
        assertThat(r.brokenCount()).isEqualTo(3);
        assertThat(r.broken()).hasSize(2);
        assertThat(VerifyLog.describe(r).lines()).containsExactly(
                VerifyLog.describe(r.broken().get(0)), VerifyLog.describe(r.broken().get(1)), "... and 1 more",
                "3 broken links in 7 positions, 8 events, 2 checkpoints", "NOT ANCHORED: " + r.anchoring().problem());
    }

    @Test
    void an_exported_event_with_text_that_is_not_unicode_is_reported_and_the_walk_goes_on() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogExport.Writer w = new LogExport.Writer(out)) {
            for (Item i : log) {
                if (i instanceof Pos p) {
                    w.write(p.entry());
                } else {
                    w.write(((Cp) i).checkpoint());
                }
            }
            w.end(6);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        // a lone surrogate in the metadata of A1 and of C0: neither has a UTF-8 encoding
        String tampered = text;
        for (String[] edit : new String[][]{{hashOf(1, 1), "\\ud800"}, {hashOf(6, 0), "\\udc00"}}) {
            tampered = tampered.replace("{\\\"subject\\\":\\\"x\\\"}\",\"hash\":\"" + edit[0],
                    "{\\\"subject\\\":\\\"" + edit[1] + "\\\"}\",\"hash\":\"" + edit[0]);
        }
        assertThat(tampered).contains("\\ud800", "\\udc00");
        LogVerifier.Result r = LogExport.verify(new BufferedReader(new StringReader(tampered)));
        assertThat(r.broken()).extracting(LogVerifier.Broken::eventId, LogVerifier.Broken::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("A1", "the event holds text that is not well-formed Unicode, so it cannot match its hash"),
                org.assertj.core.groups.Tuple.tuple("C0", "the event holds text that is not well-formed Unicode, so it cannot match its hash"));
    }

    String hashOf(long position, int index) {
        return ((Commit) ((Pos) log.get(indexOf(position))).entry()).events().get(index).hash();
    }
}
