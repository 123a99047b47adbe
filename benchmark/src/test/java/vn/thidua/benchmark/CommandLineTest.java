package vn.thidua.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The benchmarks' command lines: the one parser, and how the ingest and rebuild benchmarks read their options with it. */
class CommandLineTest {

    @Test
    void whole_numbers_may_carry_underscores_or_commas_as_separators() {
        CommandLine line = new CommandLine(new String[] {"--events", "1_000_000", "--clients", "1,024"});

        assertThat(line.next()).isEqualTo("--events");
        assertThat(line.nonNegativeLong("--events")).isEqualTo(1_000_000L);
        assertThat(line.next()).isEqualTo("--clients");
        assertThat(line.positiveInt("--clients")).isEqualTo(1024);
        assertThat(line.hasNext()).isFalse();
    }

    @Test
    void every_mistake_names_the_option() {
        assertThatThrownBy(() -> read("--clients").positiveInt("--clients"))
                .hasMessage("--clients needs a value");
        assertThatThrownBy(() -> read("--clients", "0").positiveInt("--clients"))
                .hasMessage("--clients must be positive");
        assertThatThrownBy(() -> read("--low", "-1").nonNegativeInt("--low"))
                .hasMessage("--low needs a non-negative whole number");
        assertThatThrownBy(() -> read("--low", "ten").nonNegativeInt("--low"))
                .hasMessage("--low needs a non-negative whole number");
        assertThatThrownBy(() -> read("--events", "99999999999999999999").nonNegativeLong("--events"))
                .hasMessage("--events needs a non-negative whole number");
        assertThat(CommandLine.unknown("--bogus")).hasMessage("unknown option --bogus");
    }

    @Test
    void the_ingest_benchmarks_explicit_options_win_over_the_quick_defaults_wherever_quick_stands() {
        BenchOptions before = BenchOptions.parse(new String[] {"--duration", "9", "--quick"});
        BenchOptions after = BenchOptions.parse(new String[] {"--quick", "--duration", "9"});

        for (BenchOptions o : new BenchOptions[] {before, after}) {
            assertThat(o.quick).isTrue();
            assertThat(o.duration).isEqualTo(Duration.ofSeconds(9));
            assertThat(o.warmup).isEqualTo(Duration.ofSeconds(3));
            assertThat(o.low).isEqualTo(2_000);
            assertThat(o.high).isEqualTo(20_000);
        }
    }

    @Test
    void the_rebuild_benchmark_reads_its_options_and_keeps_its_defaults_for_the_others() {
        RebuildOptions o = RebuildOptions.parse(new String[] {"--events", "50_000", "--projection", "each",
                "--no-as-of", "--stack-jar", "launcher.jar"});

        assertThat(o.events).isEqualTo(50_000);
        assertThat(o.projection).isEqualTo("each");
        assertThat(o.asOf).isFalse();
        assertThat(o.stack().stackJar).isEqualTo(Path.of("launcher.jar"));
        assertThat(o.writers).isEqualTo(2);
        assertThat(o.batch).isEqualTo(1000);
        assertThat(o.window).isEqualTo(64);
        assertThat(o.drainTimeout).isEqualTo(Duration.ofSeconds(3600));
        assertThat(o.topic).isEqualTo("thidua.events");
    }

    @Test
    void the_rebuild_benchmarks_help_stops_the_reading_so_only_a_mistake_before_it_is_reported() {
        assertThat(RebuildOptions.parse(new String[] {"--help", "--bogus"}).help).isTrue();
        assertThat(RebuildOptions.parse(new String[] {"--writers", "0", "-h"}).help).isTrue();
        assertThatThrownBy(() -> RebuildOptions.parse(new String[] {"--bogus", "--help"}))
                .hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> RebuildOptions.parse(new String[] {"--writers", "0"}))
                .hasMessage("--events, --writers, --batch and --window must be positive");
    }

    private static CommandLine read(String... args) {
        CommandLine line = new CommandLine(args);
        line.next();
        return line;
    }
}
