package vn.thidua.reference;

import java.util.List;

/** An imported list was refused, with every line that is wrong and why; nothing of it was applied. */
public class StructureRefused extends RuntimeException {

    private final List<LineProblem> problems;

    public StructureRefused(List<LineProblem> problems) {
        super("The list is refused: " + problems.size() + " problem(s), first " + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public List<LineProblem> problems() {
        return problems;
    }
}
