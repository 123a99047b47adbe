package vn.thidua.command.result;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import vn.thidua.command.movement.MovementChecks;
import vn.thidua.command.movement.MovementFacts;
import vn.thidua.command.movement.MovementView;
import vn.thidua.command.rules.AccessRules;
import vn.thidua.command.rules.ReferenceRules;
import vn.thidua.command.structure.StructureFacts;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.reference.StructureHistory;

import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A unit's result for one key task in one period, and its review: submitted → (corrected) → approved, or
 * returned → corrected (resubmitted) → …. Nothing is deleted: every change is an event.
 */
@Aggregate(cache = "aggregateCache")
public class TaskResult {

    @AggregateIdentifier
    private String resultId;
    private String movementId;
    private int taskNo;
    private String unitId;
    private String period;
    private ReviewStatus status;

    /** One result per movement, task, unit and period: {@code TDTN-2018~3~PTP-213~2018-Q2}. */
    public static String idOf(String movementId, int taskNo, String unitId, String period) {
        return movementId + "~" + taskNo + "~" + unitId + "~" + period;
    }

    /** The unit a result id names (its third part, see {@link #idOf}); empty if the id is not of that form. */
    public static Optional<String> unitNamedBy(String resultId) {
        String[] parts = resultId.split("~", -1);
        return parts.length == 4 && !parts[2].isEmpty() ? Optional.of(parts[2]) : Optional.empty();
    }

    @CommandHandler
    public TaskResult(RecordTaskResult cmd, MovementFacts facts, StructureFacts structureFacts,
                      @MetaDataValue("role") String role, @MetaDataValue("unitId") String callerUnit,
                      @MetaDataValue("provinceCode") String callerProvince) {
        AccessRules.reporterActsForItsOwnUnit(role, callerUnit, cmd.unitId());
        StructureHistory structure = structureFacts.current();
        String unitProvince = ReferenceRules.unitIsKnown(cmd.unitId(), structure);
        AccessRules.callerActsInItsProvince(callerProvince, unitProvince, "unit " + cmd.unitId());
        MovementView movement = MovementChecks.exists(facts, cmd.movementId());
        MovementChecks.isOpen(movement);
        TaskResultRules.taskExists(movement, cmd.taskNo());
        TaskResultRules.unitIsEnrolled(movement, cmd.unitId());
        ReportingPeriod period = ReportingPeriod.parse(cmd.period());
        TaskResultRules.periodIsInsideTheMovement(period, movement);
        ReferenceRules.unitExistsDuring(cmd.unitId(), period.start(), period.end(), structure);
        TaskResultRules.valuesAreTheTasksIndicators(cmd.values(), movement.indicatorsOf(cmd.taskNo()), cmd.taskNo());
        apply(new TaskResultRecorded(cmd.resultId(), cmd.movementId(), cmd.taskNo(), cmd.unitId(), cmd.period(),
                cmd.values(), cmd.evidence()));
    }

    @CommandHandler
    void handle(CorrectTaskResult cmd, MovementFacts facts, StructureFacts structureFacts,
                @MetaDataValue("role") String role, @MetaDataValue("unitId") String callerUnit,
                @MetaDataValue("provinceCode") String callerProvince) {
        AccessRules.reporterActsForItsOwnUnit(role, callerUnit, unitId);
        TaskResultRules.callerActsInTheProvinceOfTheUnit(callerProvince, unitId, structureFacts.current());
        TaskResultRules.isNotApproved(resultId, status);
        MovementView movement = MovementChecks.exists(facts, movementId);
        MovementChecks.isOpen(movement);
        TaskResultRules.valuesAreTheTasksIndicators(cmd.values(), movement.indicatorsOf(taskNo), taskNo);
        apply(new TaskResultCorrected(resultId, movementId, taskNo, unitId, period, cmd.values(), cmd.evidence(),
                cmd.reason()));
    }

    @CommandHandler
    void handle(ApproveTaskResult cmd, StructureFacts structureFacts, @MetaDataValue("provinceCode") String callerProvince) {
        TaskResultRules.callerActsInTheProvinceOfTheUnit(callerProvince, unitId, structureFacts.current());
        TaskResultRules.awaitsReview(resultId, status);
        apply(new TaskResultApproved(resultId, movementId, taskNo, unitId, period, cmd.note()));
    }

    @CommandHandler
    void handle(ReturnTaskResult cmd, StructureFacts structureFacts, @MetaDataValue("provinceCode") String callerProvince) {
        TaskResultRules.callerActsInTheProvinceOfTheUnit(callerProvince, unitId, structureFacts.current());
        TaskResultRules.awaitsReview(resultId, status);
        apply(new TaskResultReturned(resultId, movementId, taskNo, unitId, period, cmd.reason()));
    }

    @EventSourcingHandler
    void on(TaskResultRecorded event) {
        resultId = event.resultId();
        movementId = event.movementId();
        taskNo = event.taskNo();
        unitId = event.unitId();
        period = event.period();
        status = ReviewStatus.SUBMITTED;
    }

    @EventSourcingHandler
    void on(TaskResultCorrected event) {
        status = ReviewStatus.SUBMITTED;
    }

    @EventSourcingHandler
    void on(TaskResultApproved event) {
        status = ReviewStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(TaskResultReturned event) {
        status = ReviewStatus.RETURNED;
    }

    // Axon needs a no-arg constructor to rebuild the aggregate from its events.
    protected TaskResult() {
    }
}
