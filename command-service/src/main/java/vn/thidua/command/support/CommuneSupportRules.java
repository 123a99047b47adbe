package vn.thidua.command.support;

import vn.thidua.command.movement.MovementView;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.RuleViolation;
import vn.thidua.command.support.CommuneSupport.Assignment;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.support.CriterionScores;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** The named rules of commune support; each throws with its name and a reason a person can read. */
final class CommuneSupportRules {

    private static final List<String> CRITERIA = List.of("tc1", "tc2", "tc3", "tc4", "tc5");

    private CommuneSupportRules() {
    }

    /** Commune support belongs to the multi-year new-rural-area programme. */
    static void movementIsMultiYear(MovementView movement) {
        if (movement.kind() != MovementKind.MULTI_YEAR) {
            throw new RuleViolation("movement-not-multi-year",
                    "Movement %s is %s; communes are supported under a MULTI_YEAR movement"
                            .formatted(movement.movementId(), movement.kind()));
        }
    }

    static void dateIsInsideTheMovement(String field, LocalDate date, MovementView movement) {
        if (date.isBefore(movement.periodStart()) || date.isAfter(movement.periodEnd())) {
            throw new InvalidCommand("date-outside-period", field, "%s is outside the movement's period %s – %s"
                    .formatted(date, movement.periodStart(), movement.periodEnd()));
        }
    }

    static void yearIsInsideTheMovement(int year, MovementView movement) {
        if (year < movement.periodStart().getYear() || year > movement.periodEnd().getYear()) {
            throw new InvalidCommand("year-outside-movement", "year", "%d is outside the movement's period %s – %s"
                    .formatted(year, movement.periodStart(), movement.periodEnd()));
        }
    }

    static void unitIsNotAlreadyAssigned(String unitId, String communeCode, Set<String> active) {
        if (active.contains(unitId)) {
            throw new RuleViolation("unit-already-assigned",
                    "Unit %s already supports commune %s".formatted(unitId, communeCode));
        }
    }

    /** One active supporter per commune, unless the assignment says it is shared on purpose. */
    static void oneSupporterUnlessShared(String communeCode, Set<String> active, boolean shared) {
        if (!active.isEmpty() && !shared) {
            throw new RuleViolation("commune-already-supported",
                    "Commune %s is supported by %s; assign another unit only as a shared assignment (shared=true)"
                            .formatted(communeCode, String.join(", ", active.stream().sorted().toList())));
        }
    }

    static void unitIsAssignedOn(String unitId, String communeCode, LocalDate day, List<Assignment> assignments) {
        if (assignments == null || assignments.isEmpty()) {
            throw new RuleViolation("unit-not-assigned",
                    "Unit %s is not assigned to support commune %s".formatted(unitId, communeCode));
        }
        if (assignments.stream().noneMatch(a -> a.covers(day))) {
            throw new RuleViolation("activity-outside-assignment",
                    "Unit %s did not support commune %s on %s (assignments: %s)".formatted(unitId, communeCode, day,
                            assignments.stream().map(a -> a.from() + " – " + (a.until() == null ? "" : a.until())).toList()));
        }
    }

    static void activityIsNew(String activityId, Set<String> recorded) {
        if (recorded.contains(activityId)) {
            throw new RuleViolation("activity-already-recorded", "Activity %s is already recorded".formatted(activityId));
        }
    }

    static Assignment unitIsActivelyAssigned(String unitId, String communeCode, List<Assignment> assignments) {
        if (assignments == null || assignments.isEmpty() || !assignments.get(assignments.size() - 1).isActive()) {
            throw new RuleViolation("unit-not-assigned",
                    "Unit %s does not currently support commune %s".formatted(unitId, communeCode));
        }
        return assignments.get(assignments.size() - 1);
    }

    static void endsAfterItStarted(LocalDate endedOn, LocalDate from) {
        if (endedOn.isBefore(from)) {
            throw new InvalidCommand("ended-before-start", "endedOn",
                    "The support cannot end (%s) before it started (%s)".formatted(endedOn, from));
        }
    }

    static void scoresAreWithinTheirMaxima(CriterionScores scores, CriterionPassRule rule) {
        List<BigDecimal> each = List.of(scores.tc1(), scores.tc2(), scores.tc3(), scores.tc4(), scores.tc5());
        for (int i = 0; i < each.size(); i++) {
            BigDecimal max = rule.maxima().get(i);
            if (each.get(i).signum() < 0 || each.get(i).compareTo(max) > 0) {
                throw new InvalidCommand("score-out-of-range", "scores." + CRITERIA.get(i),
                        "%s scores 0 to %s under %s; got %s".formatted(CRITERIA.get(i).toUpperCase(), max, rule.version(),
                                each.get(i)));
            }
        }
    }
}
