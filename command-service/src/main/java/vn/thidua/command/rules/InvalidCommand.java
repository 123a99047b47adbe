package vn.thidua.command.rules;

/**
 * The command contradicts itself or the facts it refers to, whatever the state (HTTP 400).
 * {@code field} names the offending field of the request.
 */
public class InvalidCommand extends RuntimeException {

    private final String rule;
    private final String field;

    public InvalidCommand(String rule, String field, String reason) {
        super(reason);
        this.rule = rule;
        this.field = field;
    }

    public String rule() {
        return rule;
    }

    public String field() {
        return field;
    }
}
