package vn.thidua.command.rules;

/**
 * The current state forbids the command (HTTP 409). {@code rule} is a stable name clients can rely on,
 * e.g. {@code movement-closed}.
 */
public class RuleViolation extends RuntimeException {

    private final String rule;

    public RuleViolation(String rule, String reason) {
        super(reason);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
