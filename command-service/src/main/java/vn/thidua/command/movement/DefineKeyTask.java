package vn.thidua.command.movement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.events.movement.Indicator;

import java.util.List;

/** Define a numbered key task with its indicators. */
public record DefineKeyTask(@TargetAggregateIdentifier String movementId, int taskNo, String title,
                            List<Indicator> indicators) {
}
