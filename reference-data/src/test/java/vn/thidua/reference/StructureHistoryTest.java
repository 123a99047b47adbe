package vn.thidua.reference;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.thidua.reference.StructureList.ADMIN_UNITS;
import static vn.thidua.reference.StructureList.UNITS;

/** The register over time: the 2017 lists of Bắc Giang, the old Bắc Ninh, and the merged Bắc Ninh of 1 July 2025. */
class StructureHistoryTest {

    static final LocalDate BEFORE_REFORM = LocalDate.of(2025, 6, 30);
    static final LocalDate REFORM = LocalDate.of(2025, 7, 1);
    static final String XUONG_GIANG = "07225";
    static final String PHUONG_BAC_GIANG = "07210";
    static final String TUAN_DAO = "07663";
    /** Phường Trần Nguyên Hãn: merged into another ward before 2025, which the register does not know of. */
    static final String TRAN_NGUYEN_HAN = "07204";

    static final StructureHistory SHIPPED = StructureHistory.startingWith(ReferenceData.bacGiang());

    static StructureVersion version(String province, StructureList list, String file, String source) {
        StructureCsv.Parsed parsed = StructureCsv.parse(ReferenceData.shippedText(file), list);
        return new StructureVersion(province, list, parsed.effectiveFrom(), source, parsed.lines());
    }

    static StructureVersion oldBacNinh() {
        return version("27", ADMIN_UNITS, "admin-units-bac-ninh-27-2024-12-01.csv", "GSO");
    }

    static StructureVersion mergedBacNinh() {
        return version("24", ADMIN_UNITS, "admin-units-bac-ninh-2025-07-01.csv", "NQ 1658/NQ-UBTVQH15");
    }

    /** Bắc Giang's communes from 1 January 2020, after the mergers of NQ 813/NQ-UBTVQH14. */
    static StructureVersion bacGiang2020() {
        return version("24", ADMIN_UNITS, "admin-units-bac-giang-2020-01-01.csv", "NQ 813/NQ-UBTVQH14");
    }

    static StructureVersion mergedBacNinhUnits() {
        return version("24", UNITS, "units-bac-ninh-2025-07-01.csv", "minh hoạ");
    }

    /** The register of a deployment after the reform: old Bắc Ninh, then the merged province's two lists. */
    static StructureHistory afterTheReform() {
        return SHIPPED.with(oldBacNinh()).with(mergedBacNinh()).with(mergedBacNinhUnits());
    }

    static StructureVersion lines(String province, StructureList list, String... csvLines) {
        String text = StructureCsv.HEADER + "\n" + String.join("\n", csvLines) + "\n";
        StructureCsv.Parsed parsed = StructureCsv.parse(text, list);
        return new StructureVersion(province, list, parsed.effectiveFrom(), "test", parsed.lines());
    }

    // ---- the shipped lists, before any import ----

    @Test
    void the_lists_a_province_started_with_hold_for_every_date_until_a_new_version() {
        assertThat(SHIPPED.on(ADMIN_UNITS, XUONG_GIANG, LocalDate.of(2016, 1, 1))).isPresent();
        assertThat(SHIPPED.on(ADMIN_UNITS, XUONG_GIANG, LocalDate.of(2026, 1, 1))).isPresent();
        assertThat(SHIPPED.on(UNITS, "PTP-213", LocalDate.of(2026, 1, 1))).hasValueSatisfying(u -> {
            assertThat(u.provinceCode()).isEqualTo("24");
            assertThat(u.parent()).isEqualTo("213");
        });
        assertThat(SHIPPED.unitsOn(ADMIN_UNITS, "24", LocalDate.of(2018, 3, 1), Level.COMMUNE)).hasSize(230);
        assertThat(SHIPPED.provinces()).extracting(StructureUnit::name).containsExactly("Tỉnh Bắc Giang");
    }

    // ---- the reform of 1 July 2025 ----

    @Test
    void the_merged_bac_ninh_has_99_communes_66_xa_and_33_phuong_under_the_province_itself() {
        List<StructureUnit> communes = afterTheReform().unitsOn(ADMIN_UNITS, "24", REFORM, Level.COMMUNE);
        assertThat(communes).hasSize(99);
        assertThat(communes.stream().collect(Collectors.groupingBy(StructureUnit::type, Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("xa", 66L, "phuong", 33L));
        assertThat(communes).allSatisfy(c -> assertThat(c.parent()).isEqualTo("24"));
        assertThat(afterTheReform().unitsOn(ADMIN_UNITS, "24", REFORM, Level.DISTRICT)).as("no district level").isEmpty();
        assertThat(afterTheReform().on(ADMIN_UNITS, "24", REFORM)).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("Tỉnh Bắc Ninh"));
        assertThat(afterTheReform().on(ADMIN_UNITS, "24", BEFORE_REFORM)).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("Tỉnh Bắc Giang"));
    }

    @Test
    void an_old_commune_is_valid_until_30_june_2025_and_rolls_into_the_new_one_formed_from_it() {
        StructureHistory register = afterTheReform();
        StructureUnit xuongGiang = register.on(ADMIN_UNITS, XUONG_GIANG, LocalDate.of(2018, 1, 1)).orElseThrow();
        assertThat(xuongGiang.until()).isEqualTo(BEFORE_REFORM);
        assertThat(register.on(ADMIN_UNITS, XUONG_GIANG, REFORM)).as("the code names nothing after the reform").isEmpty();
        assertThat(register.successorsOn(xuongGiang, REFORM)).extracting(StructureUnit::code, StructureUnit::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PHUONG_BAC_GIANG, "Phường Bắc Giang"));
        StructureUnit bacGiang = register.on(ADMIN_UNITS, PHUONG_BAC_GIANG, REFORM).orElseThrow();
        assertThat(register.predecessorsOf(bacGiang)).extracting(StructureUnit::code).contains(XUONG_GIANG, PHUONG_BAC_GIANG);
        assertThat(register.on(ADMIN_UNITS, PHUONG_BAC_GIANG, BEFORE_REFORM)).hasValueSatisfying(
                u -> assertThat(u.name()).isEqualTo("Phường Hoàng Văn Thụ"));
    }

    @Test
    void a_commune_left_as_it_was_continues_under_its_code_with_the_province_as_parent() {
        StructureHistory register = afterTheReform();
        StructureUnit before = register.on(ADMIN_UNITS, TUAN_DAO, BEFORE_REFORM).orElseThrow();
        assertThat(before.parent()).isEqualTo("220");
        assertThat(register.successorsOn(before, REFORM)).singleElement().satisfies(after -> {
            assertThat(after.code()).isEqualTo(TUAN_DAO);
            assertThat(after.parent()).isEqualTo("24");
            assertThat(after.formedFrom()).isEmpty();
        });
    }

    @Test
    void a_2017_commune_merged_before_2025_has_no_successor_in_the_register() {
        StructureUnit tranNguyenHan = afterTheReform().on(ADMIN_UNITS, TRAN_NGUYEN_HAN, LocalDate.of(2018, 1, 1)).orElseThrow();
        assertThat(afterTheReform().successorsOn(tranNguyenHan, REFORM)).isEmpty();
    }

    // ---- Bắc Giang's commune mergers of 2019 (NQ 813/NQ-UBTVQH14) ----

    @Test
    void from_2020_bac_giangs_communes_are_209_the_40_merged_ones_became_19_with_each_districts_count_of_the_resolution() {
        StructureHistory register = SHIPPED.with(bacGiang2020());
        LocalDate from = LocalDate.of(2020, 1, 1);
        assertThat(register.unitsOn(ADMIN_UNITS, "24", from.minusDays(1), Level.COMMUNE)).hasSize(230);
        assertThat(register.unitsOn(ADMIN_UNITS, "24", from, Level.COMMUNE)).hasSize(209);
        Map<String, Long> perDistrict = register.unitsOn(ADMIN_UNITS, "24", from, Level.COMMUNE).stream()
                .collect(Collectors.groupingBy(StructureUnit::parent, Collectors.counting()));
        // "Sau sắp xếp, huyện ... có ... ĐVHC cấp xã" (the provincial council's plan the resolution enacted); the city unchanged
        assertThat(perDistrict).isEqualTo(Map.of("213", 16L, "215", 19L, "216", 22L, "217", 21L, "218", 25L, "219", 29L,
                "220", 17L, "221", 18L, "222", 17L, "223", 25L));
        StructureUnit cauGo = register.on(ADMIN_UNITS, "07234", LocalDate.of(2018, 1, 1)).orElseThrow();
        assertThat(cauGo.until()).isEqualTo(from.minusDays(1));
        assertThat(register.successorsOn(cauGo, from)).singleElement()
                .satisfies(u -> assertThat(u.name()).isEqualTo("Thị trấn Phồn Xương"));
        assertThat(bacGiang2020().lines()).filteredOn(l -> !l.formedFrom().isEmpty()).hasSize(19)
                .allSatisfy(l -> assertThat(l.verified()).isFalse());
    }

    @Test
    void after_the_2020_version_the_merged_bac_ninh_imports_and_the_communes_merged_in_2019_roll_into_its_communes() {
        StructureHistory register = SHIPPED.with(bacGiang2020()).with(oldBacNinh()).with(mergedBacNinh());
        StructureHistory without = afterTheReform();
        List<String> lostBefore = SHIPPED.unitsOn(ADMIN_UNITS, "24", LocalDate.of(2018, 1, 1), Level.COMMUNE).stream()
                .filter(c -> without.successorsOn(without.on(ADMIN_UNITS, c.code(), LocalDate.of(2018, 1, 1)).orElseThrow(), REFORM).isEmpty())
                .map(StructureUnit::code).toList();
        List<String> lostNow = SHIPPED.unitsOn(ADMIN_UNITS, "24", LocalDate.of(2018, 1, 1), Level.COMMUNE).stream()
                .filter(c -> register.successorsOn(register.on(ADMIN_UNITS, c.code(), LocalDate.of(2018, 1, 1)).orElseThrow(), REFORM).isEmpty())
                .map(StructureUnit::code).toList();
        assertThat(lostBefore).hasSize(25);
        assertThat(lostNow).as("the 2019 mergers no longer lose their communes' history")
                .hasSize(16).doesNotContain("07423", "07447", "07474", "07585", "07618", "07633", "07639", "07669", "07675")
                .contains(TRAN_NGUYEN_HAN);
        StructureUnit cauGo = register.on(ADMIN_UNITS, "07234", LocalDate.of(2018, 1, 1)).orElseThrow();
        assertThat(register.successorsOn(cauGo, REFORM)).singleElement().satisfies(u -> assertThat(u.name()).isEqualTo("Xã Yên Thế"));
        StructureUnit phiMo = register.on(ADMIN_UNITS, "07423", LocalDate.of(2018, 1, 1)).orElseThrow();
        assertThat(register.successorsOn(phiMo, REFORM)).singleElement().satisfies(u -> assertThat(u.name()).isEqualTo("Xã Lạng Giang"));
    }

    @Test
    void a_code_that_ended_earlier_may_be_named_in_formed_from_only_beside_what_it_became() {
        StructureHistory register = SHIPPED.with(bacGiang2020());
        assertThat(register.check(lines("24", ADMIN_UNITS,
                "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,",
                "07288,Xã Yên Thế,xa,24,2026-01-01,07288 07234,no,"))).isEmpty();
        assertThat(register.check(lines("24", ADMIN_UNITS,
                "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,",
                "07294,Xã Bố Hạ,xa,24,2026-01-01,07294 07234,no,"))).singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("formed from 07234 (Thị trấn Cầu Gồ), which is not valid on 2025-12-31"));
    }

    @Test
    void the_old_bac_ninh_province_and_every_unit_of_it_end_when_the_merged_province_is_formed_from_it() {
        StructureHistory register = afterTheReform();
        assertThat(register.on(ADMIN_UNITS, "27", BEFORE_REFORM)).isPresent();
        assertThat(register.on(ADMIN_UNITS, "27", REFORM)).isEmpty();
        assertThat(register.unitsOn(ADMIN_UNITS, "27", REFORM, Level.DISTRICT)).isEmpty();
        assertThat(register.unitsOn(ADMIN_UNITS, "27", BEFORE_REFORM, Level.COMMUNE)).hasSize(121);
        assertThat(register.on(ADMIN_UNITS, "09193", REFORM)).hasValueSatisfying(u -> {
            assertThat(u.name()).isEqualTo("Xã Yên Phong");
            assertThat(u.provinceCode()).isEqualTo("24");
        });
    }

    @Test
    void a_district_office_exists_until_its_district_ends_and_the_departments_divisions_continue() {
        StructureHistory register = afterTheReform();
        assertThat(register.on(UNITS, "PTP-213", LocalDate.of(2024, 12, 31))).isPresent();
        assertThat(register.on(UNITS, "PTP-213", LocalDate.of(2026, 1, 1))).isEmpty();
        assertThat(register.on(UNITS, "STP-VP", LocalDate.of(2026, 1, 1))).hasValueSatisfying(u -> assertThat(u.from()).isNull());
        StructureHistory adminOnly = SHIPPED.with(oldBacNinh()).with(mergedBacNinh());
        assertThat(adminOnly.on(UNITS, "PTP-213", REFORM)).as("ended with district 213, whatever the list of units says").isEmpty();
    }

    // ---- what is refused, line by line ----

    @Test
    void a_version_that_does_not_start_after_the_latest_one_is_refused_as_overlapping() {
        StructureHistory register = afterTheReform();
        assertThat(register.check(mergedBacNinh())).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.reason()).startsWith("overlapping validity");
        });
        assertThatThrownBy(() -> register.with(mergedBacNinh())).isInstanceOf(StructureRefused.class);
    }

    @Test
    void a_commune_under_a_parent_neither_in_the_file_nor_the_province_is_refused_with_its_line() {
        List<LineProblem> problems = SHIPPED.check(lines("24", ADMIN_UNITS,
                "07663,Xã Tuấn Đạo,xa,24,2026-01-01,,yes,",
                "07225,Phường Xương Giang,phuong,213,2026-01-01,,yes,"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.code()).isEqualTo(XUONG_GIANG);
            assertThat(p.reason()).startsWith("unknown parent 213");
        });
    }

    @Test
    void a_district_office_under_a_district_that_no_longer_exists_is_refused() {
        List<LineProblem> problems = afterTheReform().check(lines("24", UNITS,
                "PTP-213,Phòng Tư pháp thành phố Bắc Giang,DISTRICT_OFFICE,213,2026-01-01,,yes,"));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason()).startsWith("unknown parent 213"));
    }

    @Test
    void a_code_reused_for_another_unit_not_formed_from_it_is_refused() {
        List<LineProblem> problems = SHIPPED.check(lines("24", ADMIN_UNITS,
                "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,",
                "07225,Phường Hoàng Hoa Thám,phuong,24,2026-01-01,,yes,"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("a code reused with another meaning: 07225 is Phường Xương Giang");
        });
    }

    @Test
    void a_unit_formed_from_a_code_the_register_never_knew_or_that_had_ended_is_refused() {
        List<LineProblem> problems = afterTheReform().check(lines("24", ADMIN_UNITS,
                "24,Tỉnh Bắc Ninh,tinh,,2026-01-01,,yes,",
                "07210,Phường Bắc Giang,phuong,24,2026-01-01,07210 99999,yes,",
                "07228,Phường Đa Mai,phuong,24,2026-01-01,07228 07225,yes,"));
        assertThat(problems).extracting(LineProblem::line, LineProblem::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "formed from 99999, which the register does not know"),
                org.assertj.core.groups.Tuple.tuple(4, "formed from 07225 (Phường Xương Giang), which is not valid on "
                        + "2025-12-31 (valid since the first list – 2025-06-30)"));
    }

    @Test
    void a_unit_of_another_province_is_not_taken_over_without_being_formed_from_it() {
        StructureHistory register = SHIPPED.with(oldBacNinh());
        List<LineProblem> problems = register.check(lines("24", ADMIN_UNITS,
                "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,",
                "09193,Thị trấn Chờ,thi-tran,24,2026-01-01,,yes,"));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason()).contains("is a unit of province 27"));
    }

    @Test
    void a_first_list_of_a_province_must_name_the_province() {
        assertThat(SHIPPED.check(lines("19", ADMIN_UNITS, "01840,Phường Đức Xuân,phuong,19,2025-07-01,,no,")))
                .extracting(LineProblem::reason).anySatisfy(r -> assertThat(r).startsWith("province 19 is not in the register"));
    }

    @Test
    void nothing_of_a_refused_version_is_applied() {
        StructureVersion bad = lines("24", ADMIN_UNITS,
                "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,",
                "07663,Xã Tuấn Đạo,xa,24,2026-01-01,,yes,",
                "07225,Phường Xương Giang,phuong,213,2026-01-01,,yes,");
        assertThatThrownBy(() -> SHIPPED.with(bad)).isInstanceOf(StructureRefused.class);
        assertThat(SHIPPED.on(ADMIN_UNITS, TUAN_DAO, LocalDate.of(2026, 1, 2))).hasValueSatisfying(u -> assertThat(u.parent()).isEqualTo("220"));
        assertThat(SHIPPED.importedVersions()).isZero();
    }

    // ---- the file itself ----

    @Test
    void every_line_that_does_not_read_is_told_with_its_number_and_reason() {
        String text = StructureCsv.HEADER + "\n"
                + "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,\n"
                + "7225,Phường Xương Giang,phuong,24,2026-01-01,,yes,\n"
                + "07226,Xã Dĩnh Trì,hamlet,24,2026-01-01,,yes,\n"
                + "07227,Xã X,xa,24,2026-02-01,,maybe,\n"
                + "07228,\"Xã Đa Mai, mới\",xa,24,2026-01-01,07228 07228,yes,\n"
                + "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,\n"
                + "07229,Xã Y,xa,24,2026-01-01\n";
        assertThatThrownBy(() -> StructureCsv.parse(text, ADMIN_UNITS)).isInstanceOfSatisfying(StructureRefused.class,
                e -> assertThat(e.problems()).extracting(LineProblem::line, LineProblem::reason).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, "an administrative unit's code is its GSO code: 2 digits (province), 3 (district) or 5 (commune)"),
                        org.assertj.core.groups.Tuple.tuple(4, "type 'hamlet' is not one of dac-khu, huyen, phuong, quan, thanh-pho, thanh-pho-tw, thi-tran, thi-xa, tinh, xa"),
                        org.assertj.core.groups.Tuple.tuple(5, "valid_from 2026-02-01 differs from 2026-01-01 (line 2): a version starts on one day"),
                        org.assertj.core.groups.Tuple.tuple(5, "verified must be yes or no"),
                        org.assertj.core.groups.Tuple.tuple(6, "formed_from names 07228 twice"),
                        org.assertj.core.groups.Tuple.tuple(7, "the code is already on line 2: a code names one unit"),
                        org.assertj.core.groups.Tuple.tuple(8, "5 columns; a line has 8: " + StructureCsv.HEADER)));
        assertThatThrownBy(() -> StructureCsv.parse("ma,ten\n1,2\n", ADMIN_UNITS)).isInstanceOfSatisfying(StructureRefused.class,
                e -> assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1)));
    }

    @Test
    void a_quoted_field_may_hold_a_comma() {
        StructureCsv.Parsed parsed = StructureCsv.parse(StructureCsv.HEADER + "\n"
                + "24,Tỉnh Bắc Giang,tinh,,2026-01-01,,yes,\"thành lập từ: A, B\"\n", ADMIN_UNITS);
        assertThat(parsed.lines()).singleElement().satisfies(l -> assertThat(l.note()).isEqualTo("thành lập từ: A, B"));
    }

    @Test
    void the_example_files_mark_their_unverified_codes() {
        assertThat(mergedBacNinh().lines()).allSatisfy(l -> assertThat(l.verified()).isFalse());
        assertThat(mergedBacNinh().lines()).filteredOn(l -> l.code().equals(PHUONG_BAC_GIANG)).singleElement()
                .satisfies(l -> assertThat(l.note()).startsWith("thành lập từ: Phường Thọ Xương"));
    }
}
