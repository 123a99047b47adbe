package vn.thidua.demo;

import java.util.List;
import java.util.stream.Stream;

/**
 * The demo scenario: phases of chains of requests, and what it amounts to (for the loader's first line).
 */
public record Scenario(List<Phase> phases, Statistics statistics) {

    public Scenario {
        phases = List.copyOf(phases);
    }

    public int requestCount() {
        return phases.stream().mapToInt(Phase::requestCount).sum();
    }

    /** Every request, in phase and chain order. */
    public Stream<DemoRequest> requests() {
        return phases.stream().flatMap(p -> p.chains().stream()).flatMap(c -> c.requests().stream());
    }

    /** Counts of what the scenario records. */
    public record Statistics(int movements, int keyTasks, int enrolments, int communes, int assignments,
                             int sharedAssignments, int endedAssignments, int activities, int assessments,
                             int results, int corrections, int returns, int approvals) {

        @Override
        public String toString() {
            return ("%d movements, %d key tasks, %d enrolments; %d communes: %d assignments (%d shared, %d ended), "
                    + "%d activities, %d assessments; %d task results: %d corrections, %d returns, %d approvals")
                    .formatted(movements, keyTasks, enrolments, communes, assignments, sharedAssignments,
                            endedAssignments, activities, assessments, results, corrections, returns, approvals);
        }
    }
}
