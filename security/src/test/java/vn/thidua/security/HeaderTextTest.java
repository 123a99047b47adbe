package vn.thidua.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTextTest {

    /** Spring Security's default rule for header names and values ({@code StrictHttpFirewall}). */
    private static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    @Test
    void accepts_and_refuses_exactly_what_the_default_pattern_does() {
        List<String> samples = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "application/json",
                "Phường Xương Giang", "Sở Tư pháp", "emoji 😀 ok", "tab\tinside", "new\nline", "nul\0", "del\u007f",
                "c1\u0085control", "unassigned\u0378", "private\ue000use", "lone\ud800surrogate", "zero\u200bwidth");
        for (String sample : samples) {
            assertThat(HeaderText.assignedAndNotControl(sample)).as("%s", sample.codePoints().boxed().toList())
                    .isEqualTo(SPRING_DEFAULT.matcher(sample).matches());
        }
        assertThat(HeaderText.assignedAndNotControl("new\nline")).isFalse();
        assertThat(HeaderText.assignedAndNotControl("Phường Xương Giang")).isTrue();
    }
}
