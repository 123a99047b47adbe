package vn.thidua.command.movement;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.command.rules.ReferenceRules;
import vn.thidua.reference.ReferenceData;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An emulation movement: its period, key tasks and enrolled units. */
@Aggregate(cache = "aggregateCache")
public class Movement {

    @AggregateIdentifier
    private String movementId;
    private LocalDate periodStart;
    private LocalDate periodEnd;
    private boolean closed;
    private final Set<Integer> taskNumbers = new HashSet<>();
    private final Set<String> enrolledUnits = new HashSet<>();

    @CommandHandler
    public Movement(RegisterMovement cmd) {
        MovementRules.periodIsOrdered(cmd.periodStart(), cmd.periodEnd());
        apply(new MovementRegistered(cmd.movementId(), cmd.title(), cmd.kind(), cmd.periodStart(),
                cmd.periodEnd(), cmd.launchingPlan(), cmd.legalBasis() == null ? List.of() : cmd.legalBasis()));
    }

    @CommandHandler
    void handle(DefineKeyTask cmd) {
        MovementRules.isOpen(movementId, closed);
        MovementRules.taskNumberIsFree(movementId, cmd.taskNo(), taskNumbers);
        MovementRules.indicatorCodesAreUnique(cmd.indicators());
        apply(new KeyTaskDefined(movementId, cmd.taskNo(), cmd.title(), cmd.indicators()));
    }

    @CommandHandler
    void handle(EnrollUnit cmd, ReferenceData reference) {
        MovementRules.isOpen(movementId, closed);
        ReferenceRules.unitIsKnown(cmd.unitId(), reference);
        MovementRules.unitIsNotEnrolled(movementId, cmd.unitId(), enrolledUnits);
        MovementRules.dateIsWithinPeriod("enrolledOn", cmd.enrolledOn(), periodStart, periodEnd);
        apply(new UnitEnrolled(movementId, cmd.unitId(), cmd.enrolledOn(), cmd.pledgedTitle(), cmd.pledges()));
    }

    @CommandHandler
    void handle(CloseMovement cmd) {
        MovementRules.isOpen(movementId, closed);
        MovementRules.closesAfterStart(cmd.closedOn(), periodStart);
        apply(new MovementClosed(movementId, cmd.closedOn(), cmd.summary()));
    }

    @EventSourcingHandler
    void on(MovementRegistered event) {
        movementId = event.movementId();
        periodStart = event.periodStart();
        periodEnd = event.periodEnd();
    }

    @EventSourcingHandler
    void on(KeyTaskDefined event) {
        taskNumbers.add(event.taskNo());
    }

    @EventSourcingHandler
    void on(UnitEnrolled event) {
        enrolledUnits.add(event.unitId());
    }

    @EventSourcingHandler
    void on(MovementClosed event) {
        closed = true;
    }

    // Axon needs a no-arg constructor to rebuild the aggregate from its events.
    protected Movement() {
    }
}
