package vn.thidua.demo;

import java.util.List;

/**
 * A step of the scenario: every chain of a phase is answered before the next phase starts (movements, key tasks
 * and enrolments first; then commune support and task results, which the movement's facts decide).
 */
public record Phase(String name, List<Chain> chains) {

    public Phase {
        chains = List.copyOf(chains);
    }

    public int requestCount() {
        return chains.stream().mapToInt(c -> c.requests().size()).sum();
    }
}
