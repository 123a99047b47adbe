package vn.thidua.command.result;

import vn.thidua.command.rules.InvalidCommand;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a year ({@code 2018}), a quarter ({@code 2018-Q1}) or a month ({@code 2018-05}).
 */
public record ReportingPeriod(String code, LocalDate start, LocalDate end) {

    public static final String PATTERN = "\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?";
    private static final Pattern FORM = Pattern.compile("(\\d{4})(?:-Q([1-4])|-(\\d{2}))?");

    public static ReportingPeriod parse(String code) {
        Matcher m = code == null ? null : FORM.matcher(code);
        if (m == null || !m.matches()) {
            throw new InvalidCommand("period-malformed", "period",
                    "A period is a year (2018), a quarter (2018-Q1) or a month (2018-05); got %s".formatted(code));
        }
        int year = Integer.parseInt(m.group(1));
        if (m.group(2) != null) {
            int quarter = Integer.parseInt(m.group(2));
            LocalDate start = LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
            return new ReportingPeriod(code, start, start.plusMonths(3).minusDays(1));
        }
        if (m.group(3) != null) {
            int month = Integer.parseInt(m.group(3));
            if (month < 1 || month > 12) {
                throw new InvalidCommand("period-malformed", "period", "No month %02d in %s".formatted(month, code));
            }
            YearMonth ym = YearMonth.of(year, month);
            return new ReportingPeriod(code, ym.atDay(1), ym.atEndOfMonth());
        }
        return new ReportingPeriod(code, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    public boolean isInside(LocalDate from, LocalDate to) {
        return !start.isBefore(from) && !end.isAfter(to);
    }
}
