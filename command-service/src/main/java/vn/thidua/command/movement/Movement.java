package vn.thidua.command.movement;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import org.axonframework.messaging.annotation.MetaDataValue;
import vn.thidua.command.rules.AccessRules;
import vn.thidua.command.rules.ReferenceRules;
import vn.thidua.command.structure.StructureFacts;
import vn.thidua.reference.StructureHistory;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An emulation movement: its period, key tasks and enrolled units. It belongs to a province, or to the Ministry when
 * it is a sector-wide movement; only its owner defines its tasks and closes it, and a province enrols only its own
 * units, in its own movements and the Ministry's.
 */
@Aggregate(cache = "aggregateCache")
public class Movement {

    @AggregateIdentifier
    private String movementId;
    private String provinceCode;
    private LocalDate periodStart;
    private LocalDate periodEnd;
    private boolean closed;
    private final Set<Integer> taskNumbers = new HashSet<>();
    private final Set<String> enrolledUnits = new HashSet<>();

    @CommandHandler
    public Movement(RegisterMovement cmd) {
        MovementRules.periodIsOrdered(cmd.periodStart(), cmd.periodEnd());
        apply(new MovementRegistered(cmd.movementId(), cmd.title(), cmd.kind(), cmd.periodStart(),
                cmd.periodEnd(), cmd.launchingPlan(), cmd.legalBasis() == null ? List.of() : cmd.legalBasis(),
                cmd.provinceCode()));
    }

    @CommandHandler
    void handle(DefineKeyTask cmd, @MetaDataValue("provinceCode") String callerProvince) {
        AccessRules.callerActsInItsProvince(callerProvince, provinceCode, "movement " + movementId);
        MovementRules.isOpen(movementId, closed);
        MovementRules.taskNumberIsFree(movementId, cmd.taskNo(), taskNumbers);
        MovementRules.indicatorCodesAreUnique(cmd.indicators());
        apply(new KeyTaskDefined(movementId, cmd.taskNo(), cmd.title(), cmd.indicators()));
    }

    @CommandHandler
    void handle(EnrollUnit cmd, StructureFacts facts, @MetaDataValue("provinceCode") String callerProvince) {
        AccessRules.movementIsOpenToTheCaller(callerProvince, provinceCode, movementId);
        MovementRules.isOpen(movementId, closed);
        StructureHistory structure = facts.current();
        String unitProvince = ReferenceRules.unitIsKnown(cmd.unitId(), structure);
        AccessRules.callerActsInItsProvince(callerProvince, unitProvince, "unit " + cmd.unitId());
        MovementRules.unitTakesPartInItsProvincesMovements(movementId, provinceCode, cmd.unitId(), unitProvince);
        MovementRules.unitIsNotEnrolled(movementId, cmd.unitId(), enrolledUnits);
        MovementRules.dateIsWithinPeriod("enrolledOn", cmd.enrolledOn(), periodStart, periodEnd);
        ReferenceRules.unitExistsOn(cmd.unitId(), cmd.enrolledOn(), structure);
        apply(new UnitEnrolled(movementId, cmd.unitId(), cmd.enrolledOn(), cmd.pledgedTitle(), cmd.pledges()));
    }

    @CommandHandler
    void handle(CloseMovement cmd, @MetaDataValue("provinceCode") String callerProvince) {
        AccessRules.callerActsInItsProvince(callerProvince, provinceCode, "movement " + movementId);
        MovementRules.isOpen(movementId, closed);
        MovementRules.closesAfterStart(cmd.closedOn(), periodStart);
        apply(new MovementClosed(movementId, cmd.closedOn(), cmd.summary()));
    }

    @EventSourcingHandler
    void on(MovementRegistered event) {
        movementId = event.movementId();
        provinceCode = event.provinceCode();
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
