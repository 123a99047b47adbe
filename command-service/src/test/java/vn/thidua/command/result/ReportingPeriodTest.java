package vn.thidua.command.result;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.thidua.command.rules.InvalidCommand;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportingPeriodTest {

    @ParameterizedTest(name = "{0} runs from {1} to {2}")
    @CsvSource({
            "2018, 2018-01-01, 2018-12-31",
            "2018-Q1, 2018-01-01, 2018-03-31",
            "2018-Q4, 2018-10-01, 2018-12-31",
            "2020-02, 2020-02-01, 2020-02-29",
            "2018-12, 2018-12-01, 2018-12-31"})
    void a_period_covers_its_days(String code, LocalDate start, LocalDate end) {
        ReportingPeriod period = ReportingPeriod.parse(code);
        assertThat(period.start()).isEqualTo(start);
        assertThat(period.end()).isEqualTo(end);
        assertThat(code).matches(ReportingPeriod.PATTERN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"18", "2018-Q0", "2018-Q5", "2018-13", "2018-00", "2018-H1", "Q1-2018", ""})
    void anything_else_is_not_a_period(String code) {
        assertThatThrownBy(() -> ReportingPeriod.parse(code)).isInstanceOf(InvalidCommand.class);
        assertThat(code).doesNotMatch(ReportingPeriod.PATTERN);
    }
}
