package vn.thidua.reference;

/**
 * Why one line of an imported list is refused.
 *
 * @param line   the line number in the file (1 = the header)
 * @param code   the code on that line, if it has one
 * @param reason what is wrong, for a person
 */
public record LineProblem(int line, String code, String reason) {

    @Override
    public String toString() {
        return "line " + line + (code == null ? "" : " (" + code + ")") + ": " + reason;
    }
}
