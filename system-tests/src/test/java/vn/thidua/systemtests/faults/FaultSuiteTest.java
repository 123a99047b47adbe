package vn.thidua.systemtests.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite. {@link #theShortVariantPassesEveryFault} runs in every {@code ./mvnw verify} (a crash of the
 * command-service and one of the database, under a small load: about two minutes); the whole suite runs with
 * {@code ./faults.sh} ({@code -Dthidua.faults=all}, or a comma-separated list of fault names).
 */
class FaultSuiteTest {

    static final long SEED = Long.getLong("thidua.faults.seed", 17L);

    @Test
    @DisabledIfSystemProperty(named = "thidua.faults", matches = ".+")
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theShortVariantPassesEveryFault() {
        List<FaultSuite.Verdict> verdicts = new FaultSuite(FaultSuite.Options.shortVariant(SEED)).run();
        assertThat(verdicts).hasSize(Faults.shortVariant().size()).allSatisfy(v -> assertThat(v.passed())
                .as("%s: %s", v.line(), v.problems()).isTrue());
    }

    @Test
    @EnabledIfSystemProperty(named = "thidua.faults", matches = ".+")
    @Timeout(value = 90, unit = TimeUnit.MINUTES)
    void theFullSuitePassesEveryFault() {
        String which = System.getProperty("thidua.faults");
        FaultSuite.Options options = FaultSuite.Options.full(SEED);
        if (!which.equals("all")) {
            options = options.only(Arrays.stream(which.split(",")).map(String::trim).toList());
        }
        List<FaultSuite.Verdict> verdicts = new FaultSuite(options).run();
        assertThat(verdicts).isNotEmpty().allSatisfy(v -> assertThat(v.passed()).as("%s: %s", v.line(), v.problems()).isTrue());
    }
}
