package vn.thidua.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.thidua.reference.Level;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureVersion;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 2026 season obeys the rules a command-service would check, without a server: its imports pass the register's
 * checks in order, every unit and commune it names exists on the day it names it in the register they build, every
 * sender's token names the province that owns what it touches, and the 2018 season is left as it was.
 */
class Season2026Test {

    static final Scenario SEASON = Season2026.generate();

    /** The register after the season's imports, each checked as the command-service checks it. */
    static StructureHistory registerAfterTheImports() {
        StructureHistory history = StructureHistory.startingWith(ReferenceData.bacGiang());
        for (DemoRequest r : SEASON.phases().get(0).chains().get(0).requests()) {
            JsonNode body = Json.readOrNull(r.body());
            String province = r.path().split("/")[5];
            StructureList list = StructureList.valueOf(body.get("list").asText());
            StructureCsv.Parsed parsed = StructureCsv.parse(body.get("csv").asText(), list);
            StructureVersion version = new StructureVersion(province, list, parsed.effectiveFrom(), body.get("source").asText(),
                    parsed.lines());
            assertThat(history.check(version)).as("the import of %s %s", province, list).isEmpty();
            history = history.with(version);
        }
        return history;
    }

    @Test
    void the_imports_pass_the_registers_checks_and_every_unit_and_commune_exists_on_its_day_in_its_province() {
        StructureHistory register = registerAfterTheImports();
        Map<String, String> movementProvince = new HashMap<>();
        SEASON.requests().forEach(r -> {
            JsonNode body = Json.readOrNull(r.body());
            if (r.path().equals("/api/v1/movements")) {
                movementProvince.put(body.get("code").asText(), r.provinceCode());
            } else if (r.path().endsWith("/enrolments")) {
                String unit = body.get("unitId").asText();
                LocalDate on = LocalDate.parse(body.get("enrolledOn").asText());
                assertThat(register.on(StructureList.UNITS, unit, on)).as("%s on %s", unit, on).isPresent();
                assertThat(register.provinceOf(StructureList.UNITS, unit)).contains(r.provinceCode());
            } else if (r.path().endsWith("/supporters")) {
                String commune = r.path().split("/")[6];
                LocalDate from = LocalDate.parse(body.get("supportFrom").asText());
                assertThat(register.on(StructureList.ADMIN_UNITS, commune, from))
                        .hasValueSatisfying(c -> {
                            assertThat(c.level()).isEqualTo(Level.COMMUNE);
                            assertThat(c.provinceCode()).isEqualTo("24");
                        });
                assertThat(register.on(StructureList.UNITS, body.get("unitId").asText(), from)).isPresent();
            } else if (r.path().endsWith("/results")) {
                assertThat(register.provinceOf(StructureList.UNITS, r.unitId())).contains(r.provinceCode());
                assertThat(body.get("period").asText()).isEqualTo("2026-Q1");
            }
        });
        assertThat(movementProvince).containsEntry(Season2026.NATIONAL, "BTP").containsEntry(Season2026.RURAL, "24");
        assertThat(register.unitsOn(StructureList.ADMIN_UNITS, "24", LocalDate.of(2026, 1, 1), Level.COMMUNE)).hasSize(99);
    }

    @Test
    void every_sender_names_its_province_and_two_provinces_report_to_the_ministrys_movement() {
        assertThat(SEASON.requests()).allSatisfy(r -> assertThat(r.provinceCode()).isIn("BTP", "24", "19"));
        Set<String> reporting = new HashSet<>();
        SEASON.requests().filter(r -> r.path().endsWith("/results")).forEach(r -> reporting.add(r.provinceCode()));
        assertThat(reporting).containsExactlyInAnyOrder("24", "19");
        assertThat(SEASON.requests().filter(r -> r.path().contains("/structure/") || r.path().endsWith("/key-tasks")))
                .allSatisfy(r -> assertThat(r.provinceCode()).as("the Ministry's acts").isEqualTo("BTP"));
        assertThat(SEASON.requests().filter(r -> r.path().endsWith("/approval")))
                .allSatisfy(r -> assertThat(r.provinceCode()).isEqualTo(r.path().contains("~TNG-") ? "19" : "24"));
    }

    @Test
    void keys_are_unique_the_same_in_every_generation_and_apart_from_the_2018_seasons() {
        List<DemoRequest> first = SEASON.requests().toList();
        assertThat(Season2026.generate().requests().toList()).isEqualTo(first);
        assertThat(first).extracting(DemoRequest::key).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).startsWith("demo-2026:"));
        Set<String> chains = new HashSet<>();
        SEASON.phases().forEach(p -> p.chains().forEach(c -> assertThat(chains.add(c.name())).as(c.name()).isTrue()));
    }

    @Test
    void the_2018_season_is_as_it_was_no_token_of_it_names_a_province() {
        assertThat(ScenarioGenerator.generate().requests()).allSatisfy(r -> assertThat(r.provinceCode()).isNull());
    }
}
