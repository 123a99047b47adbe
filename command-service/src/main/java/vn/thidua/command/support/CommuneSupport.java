package vn.thidua.command.support;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import vn.thidua.command.movement.MovementChecks;
import vn.thidua.command.movement.MovementFacts;
import vn.thidua.command.movement.MovementView;
import vn.thidua.command.rules.AccessRules;
import vn.thidua.command.rules.ReferenceRules;
import vn.thidua.command.structure.StructureFacts;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The support of one commune under one multi-year movement: which units are assigned to it and when, the
 * activities they held, and the commune's yearly assessments against criterion 18.5. One aggregate per
 * movement and commune ({@code NTM-2016-2020~07225}), so one commune's support never waits on another's.
 */
@Aggregate(cache = "aggregateCache")
public class CommuneSupport {

    @AggregateIdentifier
    private String supportId;
    private final Map<String, List<Assignment>> assignments = new HashMap<>();
    private final Set<String> activityIds = new HashSet<>();

    /** A unit's assignment to the commune; {@code until} is empty while it lasts. */
    record Assignment(LocalDate from, LocalDate until) {
        boolean isActive() {
            return until == null;
        }

        boolean covers(LocalDate day) {
            return !day.isBefore(from) && (until == null || !day.isAfter(until));
        }
    }

    public static String idOf(String movementId, String communeCode) {
        return movementId + "~" + communeCode;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AssignCommuneSupport cmd, MovementFacts facts, StructureFacts structureFacts,
                @MetaDataValue("provinceCode") String callerProvince) {
        StructureHistory structure = structureFacts.current();
        String communeProvince = ReferenceRules.communeIsKnown(cmd.communeCode(), structure);
        String unitProvince = ReferenceRules.unitIsKnown(cmd.unitId(), structure);
        AccessRules.callerActsInItsProvince(callerProvince, communeProvince, "commune " + cmd.communeCode());
        AccessRules.callerActsInItsProvince(callerProvince, unitProvince, "unit " + cmd.unitId());
        MovementView movement = MovementChecks.exists(facts, cmd.movementId());
        AccessRules.movementIsOpenToTheCaller(callerProvince, movement.provinceCode(), movement.movementId());
        MovementChecks.isOpen(movement);
        CommuneSupportRules.movementIsMultiYear(movement);
        CommuneSupportRules.dateIsInsideTheMovement("supportFrom", cmd.supportFrom(), movement);
        ReferenceRules.communeExistsOn(cmd.communeCode(), cmd.supportFrom(), structure);
        ReferenceRules.unitExistsOn(cmd.unitId(), cmd.supportFrom(), structure);
        CommuneSupportRules.unitIsNotAlreadyAssigned(cmd.unitId(), cmd.communeCode(), activeSupporters());
        CommuneSupportRules.oneSupporterUnlessShared(cmd.communeCode(), activeSupporters(), cmd.shared());
        apply(new CommuneSupportAssigned(cmd.movementId(), cmd.communeCode(), cmd.unitId(), cmd.decision(),
                cmd.supportFrom(), cmd.shared()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordSupportActivity cmd, MovementFacts facts, StructureFacts structureFacts,
                @MetaDataValue("role") String role, @MetaDataValue("unitId") String callerUnit,
                @MetaDataValue("provinceCode") String callerProvince) {
        AccessRules.reporterActsForItsOwnUnit(role, callerUnit, cmd.unitId());
        StructureHistory structure = structureFacts.current();
        structure.provinceOf(StructureList.UNITS, cmd.unitId()).ifPresent(
                province -> AccessRules.callerActsInItsProvince(callerProvince, province, "unit " + cmd.unitId()));
        structure.provinceOf(StructureList.ADMIN_UNITS, cmd.communeCode()).ifPresent(
                province -> AccessRules.callerActsInItsProvince(callerProvince, province, "commune " + cmd.communeCode()));
        MovementView movement = MovementChecks.exists(facts, cmd.movementId());
        AccessRules.movementIsOpenToTheCaller(callerProvince, movement.provinceCode(), movement.movementId());
        MovementChecks.isOpen(movement);
        CommuneSupportRules.dateIsInsideTheMovement("heldOn", cmd.heldOn(), movement);
        ReferenceRules.communeExistsOn(cmd.communeCode(), cmd.heldOn(), structure);
        ReferenceRules.unitExistsOn(cmd.unitId(), cmd.heldOn(), structure);
        CommuneSupportRules.unitIsAssignedOn(cmd.unitId(), cmd.communeCode(), cmd.heldOn(), assignments.get(cmd.unitId()));
        CommuneSupportRules.activityIsNew(cmd.activityId(), activityIds);
        apply(new SupportActivityRecorded(cmd.movementId(), cmd.communeCode(), cmd.unitId(), cmd.activityId(), cmd.type(),
                cmd.heldOn(), cmd.participants(), cmd.description()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AssessCommuneCriterion cmd, MovementFacts facts, StructureFacts structureFacts, CriterionPassRules rules,
                @MetaDataValue("provinceCode") String callerProvince) {
        StructureHistory structure = structureFacts.current();
        String communeProvince = ReferenceRules.communeIsKnown(cmd.communeCode(), structure);
        AccessRules.callerActsInItsProvince(callerProvince, communeProvince, "commune " + cmd.communeCode());
        MovementView movement = MovementChecks.exists(facts, cmd.movementId());
        AccessRules.movementIsOpenToTheCaller(callerProvince, movement.provinceCode(), movement.movementId());
        MovementChecks.isOpen(movement);
        CommuneSupportRules.yearIsInsideTheMovement(cmd.year(), movement);
        ReferenceRules.communeExistsDuring(cmd.communeCode(), LocalDate.of(cmd.year(), 1, 1), LocalDate.of(cmd.year(), 12, 31),
                structure);
        CriterionPassRule rule = rules.forYear(cmd.year());
        CommuneSupportRules.scoresAreWithinTheirMaxima(cmd.scores(), rule);
        boolean passed = rule.passes(cmd.scores(), cmd.noOfficialDisciplined());
        apply(new CommuneCriterionAssessed(cmd.movementId(), cmd.communeCode(), cmd.year(), cmd.scores(),
                cmd.scores().total(), cmd.noOfficialDisciplined(), passed, rule.version(), cmd.assessedOn(), cmd.note()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(EndCommuneSupport cmd, MovementFacts facts, StructureFacts structureFacts,
                @MetaDataValue("provinceCode") String callerProvince) {
        structureFacts.current().provinceOf(StructureList.ADMIN_UNITS, cmd.communeCode()).ifPresent(province ->
                AccessRules.callerActsInItsProvince(callerProvince, province, "commune " + cmd.communeCode()));
        MovementView movement = MovementChecks.exists(facts, cmd.movementId());
        AccessRules.movementIsOpenToTheCaller(callerProvince, movement.provinceCode(), movement.movementId());
        Assignment current = CommuneSupportRules.unitIsActivelyAssigned(cmd.unitId(), cmd.communeCode(),
                assignments.get(cmd.unitId()));
        CommuneSupportRules.endsAfterItStarted(cmd.endedOn(), current.from());
        apply(new CommuneSupportEnded(cmd.movementId(), cmd.communeCode(), cmd.unitId(), cmd.endedOn(), cmd.reason()));
    }

    private Set<String> activeSupporters() {
        Set<String> active = new HashSet<>();
        assignments.forEach((unit, list) -> {
            if (!list.isEmpty() && list.get(list.size() - 1).isActive()) {
                active.add(unit);
            }
        });
        return active;
    }

    @EventSourcingHandler
    void on(CommuneSupportAssigned event) {
        supportId = idOf(event.movementId(), event.communeCode());
        assignments.computeIfAbsent(event.unitId(), u -> new ArrayList<>()).add(new Assignment(event.supportFrom(), null));
    }

    @EventSourcingHandler
    void on(SupportActivityRecorded event) {
        supportId = idOf(event.movementId(), event.communeCode());
        activityIds.add(event.activityId());
    }

    @EventSourcingHandler
    void on(CommuneCriterionAssessed event) {
        supportId = idOf(event.movementId(), event.communeCode());
    }

    @EventSourcingHandler
    void on(CommuneSupportEnded event) {
        List<Assignment> list = assignments.get(event.unitId());
        Assignment last = list.remove(list.size() - 1);
        list.add(new Assignment(last.from(), event.endedOn()));
    }

    // Axon needs a no-arg constructor to rebuild the aggregate from its events (and to create it if missing).
    protected CommuneSupport() {
    }
}
