package vn.thidua.systemtests.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * One fault of the suite: what breaks, on which topology, and how an operator repairs it. {@link #action} injects the
 * fault (marking {@link Timeline#fault()}), holds it, repairs it (marking {@link Timeline#repaired()}) and may check
 * what only this fault can tell (e.g. which instance publishes), adding to {@link Timeline#problems}.
 *
 * @param instances        instances of each service the fault needs (1, or 2 for a takeover)
 * @param inProgressAllowed whether a {@code 409 submission-in-progress} is acceptable: only where a first attempt is
 *                         still alive and running (a slow network), never after a crash
 */
record Fault(String name, String what, int instances, boolean inProgressAllowed, Action action) {

    interface Action {
        void run(Stack stack, Timeline timeline) throws Exception;
    }

    /** When the fault struck and the repair began, notes for the report, and problems found by the fault itself. */
    static final class Timeline {
        volatile long faultAt;
        volatile long repairedAt;
        /** How the fault was made, where there is more than one way (printed on the verdict line), or null. */
        volatile String how;
        final List<String> notes = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        void fault() {
            faultAt = System.nanoTime();
        }

        void repaired() {
            repairedAt = System.nanoTime();
        }

        synchronized void note(String format, Object... args) {
            notes.add(format.formatted(args));
        }

        synchronized void problem(String format, Object... args) {
            problems.add(format.formatted(args));
        }
    }
}
