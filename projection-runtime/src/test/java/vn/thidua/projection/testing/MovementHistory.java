package vn.thidua.projection.testing;

import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.Indicator;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.LegalDocument;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.projection.DomainEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generated movement histories as the command side publishes them: one stream per movement, sequences
 * 0, 1, 2 … without gaps, each event in its own commit at a fresh global position. The payload values are
 * named here so tests can state what they expect without running the projection's code.
 */
public final class MovementHistory {

    /** The key tasks are defined out of number order, as a province may well do. */
    public static final List<Integer> KEY_TASK_ORDER = List.of(5, 2, 8, 1, 7, 3, 6, 4);
    public static final String SUBJECT = "can-bo-thi-dua";
    public static final Instant REGISTERED_AT = Instant.parse("2018-01-09T01:30:00Z");

    private static final AtomicLong POSITIONS = new AtomicLong(1_000);

    private final String movementId;
    private final List<DomainEvent> events = new ArrayList<>();

    private MovementHistory(String movementId) {
        this.movementId = movementId;
    }

    /** An empty stream for a movement; add events with {@link #then}. */
    public static MovementHistory of(String movementId) {
        return new MovementHistory(movementId);
    }

    /** Register, the 8 key tasks (in {@link #KEY_TASK_ORDER}), {@code units} enrolments, and, if asked, close. */
    public static List<DomainEvent> generated(String movementId, String title, MovementKind kind, int units, boolean closed) {
        MovementHistory history = of(movementId).then(registered(movementId, title, kind));
        KEY_TASK_ORDER.forEach(no -> history.then(keyTask(movementId, no)));
        for (int u = 1; u <= units; u++) {
            history.then(enrolled(movementId, u));
        }
        if (closed) {
            history.then(closed(movementId));
        }
        return history.events();
    }

    public MovementHistory then(Object payload) {
        long sequence = events.size();
        events.add(new DomainEvent(POSITIONS.incrementAndGet(), 0, UUID.randomUUID().toString(), "Movement",
                movementId, sequence, EventEnvelopes.REVISION, REGISTERED_AT.plus(sequence, ChronoUnit.MINUTES),
                Map.of("subject", SUBJECT, "role", "PROVINCE_ADMIN"), payload));
        return this;
    }

    public List<DomainEvent> events() {
        return List.copyOf(events);
    }

    // ---- named payloads ----

    public static LegalDocument launchingPlan() {
        return new LegalDocument("02/KH-STP", DocumentKind.KH, "Sở Tư pháp tỉnh Bắc Giang", LocalDate.of(2018, 1, 9),
                "Kế hoạch phát động phong trào thi đua năm 2018");
    }

    public static LegalDocument ministryDecision() {
        return new LegalDocument("1198/QĐ-BTP", DocumentKind.QD, "Bộ Tư pháp", LocalDate.of(2017, 12, 22),
                "Quyết định ban hành Kế hoạch thi đua của ngành Tư pháp năm 2018");
    }

    public static MovementRegistered registered(String movementId, String title, MovementKind kind) {
        return new MovementRegistered(movementId, title, kind, LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31),
                launchingPlan(), List.of(ministryDecision()));
    }

    public static String keyTaskTitle(int no) {
        return "Nhiệm vụ trọng tâm số " + no;
    }

    /** Two indicators per task: a rate with a fractional target and a count. */
    public static KeyTaskDefined keyTask(String movementId, int no) {
        return new KeyTaskDefined(movementId, no, keyTaskTitle(no), List.of(
                new Indicator("TT1", "Tỷ lệ hoàn thành", "%", new BigDecimal(no + ".5")),
                new Indicator("TT2", "Số cuộc tuyên truyền", "cuộc", BigDecimal.valueOf(10L * no))));
    }

    public static String unitId(int u) {
        return "PTP-%03d".formatted(u);
    }

    public static LocalDate enrolledOn(int u) {
        return LocalDate.of(2018, 2, 1).plusDays(u);
    }

    public static UnitEnrolled enrolled(String movementId, int u) {
        return new UnitEnrolled(movementId, unitId(u), enrolledOn(u), "Tập thể lao động xuất sắc", "Cam kết " + u);
    }

    public static MovementClosed closed(String movementId) {
        return new MovementClosed(movementId, LocalDate.of(2018, 12, 28), "Tổng kết phong trào");
    }
}
