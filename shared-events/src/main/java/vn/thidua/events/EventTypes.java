package vn.thidua.events;

import vn.thidua.events.movement.KeyTaskDefined;
import vn.thidua.events.movement.MovementClosed;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.movement.UnitEnrolled;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.structure.StructureVersionImported;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the wire contract. The fully qualified class name is the type written to
 * the event store and to Kafka: never rename or move a class without an upcaster.
 */
public final class EventTypes {

    /** All event classes, in the order they were introduced. */
    public static final List<Class<?>> ALL = List.of(
            MovementRegistered.class,
            KeyTaskDefined.class,
            UnitEnrolled.class,
            MovementClosed.class,
            CommuneSupportAssigned.class,
            SupportActivityRecorded.class,
            CommuneCriterionAssessed.class,
            CommuneSupportEnded.class,
            TaskResultRecorded.class,
            TaskResultCorrected.class,
            TaskResultApproved.class,
            TaskResultReturned.class,
            StructureVersionImported.class);

    private static final Map<String, Class<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    private EventTypes() {
    }

    /** The event class of a wire type name, if it is one of ours. */
    public static Optional<Class<?>> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }
}
