package vn.thidua.command.structure;

import vn.thidua.reference.StructureVersions;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import vn.thidua.command.rules.Forbidden;
import vn.thidua.command.testing.Registers;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.reference.LineProblem;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureRefused;
import vn.thidua.reference.StructureVersion;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Imports into the structure register: who may import what, and a refused list leaves nothing behind. */
class StructureRegisterTest {

    static final String SHA = "0".repeat(64);
    static final Map<String, String> ADMIN_OF_24 = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "24");
    static final Map<String, String> ADMIN_OF_19 = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "19");
    static final Map<String, String> MINISTRY = Map.of("role", "PROVINCE_ADMIN", "provinceCode", "BTP");

    final AtomicReference<StructureHistory> register = new AtomicReference<>(Registers.SHIPPED);

    AggregateTestFixture<StructureRegister> fixture() {
        AggregateTestFixture<StructureRegister> fixture = new AggregateTestFixture<>(StructureRegister.class);
        fixture.registerInjectableResource((StructureFacts) register::get);
        return fixture;
    }

    static StructureVersion oldBacNinh() {
        return Registers.version("27", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-27-2024-12-01.csv");
    }

    static StructureVersion mergedBacNinh() {
        return Registers.version("24", StructureList.ADMIN_UNITS, "admin-units-bac-ninh-2025-07-01.csv");
    }

    static StructureVersion tuanDaoUnderAnUnknownDistrict() {
        String csv = StructureCsv.HEADER + "\n24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,\n"
                + "07663,Xã Tuấn Đạo,xa,24,2026-01-01,,yes,\n07225,Phường Xương Giang,phuong,213,2026-01-01,,yes,\n";
        StructureCsv.Parsed parsed = StructureCsv.parse(csv, StructureList.ADMIN_UNITS);
        return new StructureVersion("24", StructureList.ADMIN_UNITS, parsed.effectiveFrom(), "test", parsed.lines());
    }

    @Test
    void a_province_imports_a_first_list_of_its_own_and_the_event_holds_every_line() {
        fixture().givenNoPriorActivity()
                .when(ImportStructureVersion.of(oldBacNinh(), SHA), Map.of("role", "PROVINCE_ADMIN", "provinceCode", "27"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(StructureVersions.event(StructureRegister.REGISTER_ID, oldBacNinh(), SHA));
    }

    @Test
    void the_admin_of_another_province_does_not_import_province_24s_lists() {
        fixture().givenNoPriorActivity()
                .when(ImportStructureVersion.of(tuanDaoUnderAnUnknownDistrict(), SHA), ADMIN_OF_19)
                .expectException(Forbidden.class)
                .expectNoEvents();
    }

    @Test
    void only_the_ministry_imports_a_version_formed_from_another_provinces_units() {
        register.set(Registers.SHIPPED.with(oldBacNinh()));
        fixture().givenNoPriorActivity()
                .when(ImportStructureVersion.of(mergedBacNinh(), SHA), ADMIN_OF_24)
                .expectException(Forbidden.class)
                .expectExceptionMessage("A version of province 24 formed from units of province 27 ends that province's "
                        + "units: only the Ministry imports it")
                .expectNoEvents();
        fixture().givenNoPriorActivity()
                .when(ImportStructureVersion.of(mergedBacNinh(), SHA), MINISTRY)
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.instanceOf(
                                StructureVersionImported.class)), org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void a_list_with_a_wrong_line_is_refused_as_a_whole_with_the_line_and_its_reason() {
        fixture().givenNoPriorActivity()
                .when(ImportStructureVersion.of(tuanDaoUnderAnUnknownDistrict(), SHA), ADMIN_OF_24)
                .expectException(StructureRefused.class)
                .expectExceptionMessage("The list is refused: 1 problem(s), first line 4 (07225): unknown parent 213: no unit "
                        + "of that code on 2026-01-01 in this file")
                .expectNoEvents();
    }

    @Test
    void a_version_imported_again_is_refused_as_overlapping() {
        register.set(Registers.afterTheReform());
        fixture().givenNoPriorActivity()
                .when(ImportStructureVersion.of(mergedBacNinh(), SHA), MINISTRY)
                .expectException(StructureRefused.class)
                .expectNoEvents();
        assertThat(Registers.afterTheReform().check(mergedBacNinh())).extracting(LineProblem::reason)
                .anySatisfy(r -> assertThat(r).startsWith("overlapping validity"));
    }
}
