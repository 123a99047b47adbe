package vn.thidua.command.support;

import vn.thidua.command.rules.InvalidCommand;

import java.util.List;

/** The pass rules of criterion 18.5, each for its years: the assessment's year chooses the rule that judges it. */
public record CriterionPassRules(List<CriterionPassRule> rules) {

    public CriterionPassRules {
        rules = List.copyOf(rules);
        for (int a = 0; a < rules.size(); a++) {
            for (int b = a + 1; b < rules.size(); b++) {
                if (overlap(rules.get(a), rules.get(b))) {
                    throw new IllegalArgumentException("Criterion 18.5 rules %s and %s apply to the same years"
                            .formatted(rules.get(a).version(), rules.get(b).version()));
                }
            }
        }
    }

    public static CriterionPassRules of(CriterionPassRule... rules) {
        return new CriterionPassRules(List.of(rules));
    }

    /** The rule of an assessed year; a year no rule covers is refused ({@code 400 no-criterion-rule}). */
    public CriterionPassRule forYear(int year) {
        return rules.stream().filter(r -> r.appliesTo(year)).findFirst().orElseThrow(() -> new InvalidCommand(
                "no-criterion-rule", "year", "No criterion 18.5 rule is configured for %d (rules: %s)".formatted(year,
                        rules.stream().map(r -> r.version() + " " + years(r)).toList())));
    }

    private static boolean overlap(CriterionPassRule a, CriterionPassRule b) {
        int aFirst = a.firstYear() == null ? Integer.MIN_VALUE : a.firstYear();
        int aLast = a.lastYear() == null ? Integer.MAX_VALUE : a.lastYear();
        int bFirst = b.firstYear() == null ? Integer.MIN_VALUE : b.firstYear();
        int bLast = b.lastYear() == null ? Integer.MAX_VALUE : b.lastYear();
        return aFirst <= bLast && bFirst <= aLast;
    }

    private static String years(CriterionPassRule r) {
        return (r.firstYear() == null ? "" : r.firstYear()) + "–" + (r.lastYear() == null ? "" : r.lastYear());
    }
}
