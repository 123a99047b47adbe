package vn.thidua.command.testing;

import org.hamcrest.Matcher;
import vn.thidua.command.rules.InvalidCommand;
import vn.thidua.command.rules.RuleViolation;

import static org.axonframework.test.matchers.Matchers.predicate;

/** Matches the named rule (or the offending field) of the exception an aggregate threw. */
public final class RuleMatchers {

    private RuleMatchers() {
    }

    public static Matcher<Throwable> rule(String name) {
        return predicate(e -> e instanceof RuleViolation v ? v.rule().equals(name)
                : e instanceof InvalidCommand c && c.rule().equals(name));
    }

    public static Matcher<Throwable> field(String name) {
        return predicate(e -> e instanceof InvalidCommand c && c.field().equals(name));
    }
}
