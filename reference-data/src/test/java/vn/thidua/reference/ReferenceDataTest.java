package vn.thidua.reference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceDataTest {

    final ReferenceData bacGiang = ReferenceData.bacGiang();

    @Test
    void the_shipped_list_has_the_ten_districts_and_230_communes_of_the_gso_list() {
        assertThat(bacGiang.districts()).hasSize(10);
        assertThat(bacGiang.communes()).hasSize(230);
        Map<String, Long> perDistrict = bacGiang.communes().stream()
                .collect(Collectors.groupingBy(Commune::districtCode, Collectors.counting()));
        // the per-district counts published with the official list (reference/README.md beside the CSV)
        assertThat(perDistrict).containsExactlyInAnyOrderEntriesOf(Map.of(
                "213", 16L, "215", 21L, "216", 24L, "217", 23L, "218", 27L,
                "219", 30L, "220", 23L, "221", 21L, "222", 19L, "223", 26L));
        assertThat(bacGiang.communes().stream().collect(Collectors.groupingBy(Commune::type, Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("phuong", 10L, "thi-tran", 16L, "xa", 204L));
    }

    @Test
    void communes_are_found_by_code_with_the_leading_zero_and_names_in_nfc() {
        Commune xuongGiang = bacGiang.commune("07225").orElseThrow();
        assertThat(xuongGiang.name()).isEqualTo(Normalizer.normalize("Phường Xương Giang", Normalizer.Form.NFC));
        assertThat(xuongGiang.districtCode()).isEqualTo("213");
        assertThat(bacGiang.commune("7225")).isEmpty();
    }

    @Test
    void communes_with_the_same_name_in_one_district_stay_apart_by_code() {
        assertThat(bacGiang.communes().stream().filter(c -> c.name().endsWith("Bố Hạ") && c.districtCode().equals("215")))
                .extracting(Commune::type).containsExactlyInAnyOrder("thi-tran", "xa");
    }

    @Test
    void every_district_has_its_justice_office_and_the_department_has_its_divisions() {
        for (District d : bacGiang.districts()) {
            assertThat(bacGiang.unit("PTP-" + d.code())).hasValueSatisfying(u -> {
                assertThat(u.kind()).isEqualTo("DISTRICT_OFFICE");
                assertThat(u.districtCode()).isEqualTo(d.code());
            });
        }
        assertThat(bacGiang.units()).filteredOn(u -> u.districtCode() == null).isNotEmpty()
                .allSatisfy(u -> assertThat(u.id()).startsWith("STP-"));
        assertThat(bacGiang.unit("PTP-214")).isEmpty();
    }

    @Test
    void other_lists_load_from_files_and_say_so_in_their_version(@TempDir Path dir) throws IOException {
        Path units = dir.resolve("units-test.csv");
        Files.writeString(units, "unit_id,name,kind,district_code\nDV-001,Đơn vị thử,DIVISION,\nPTP-213,Phòng Tư pháp,DISTRICT_OFFICE,213\n");
        ReferenceData data = ReferenceData.fromFiles(null, units);
        assertThat(data.unit("DV-001")).isPresent();
        assertThat(data.unit("STP-VP")).isEmpty();
        assertThat(data.communes()).hasSize(230);
        assertThat(data.version()).contains("units-test.csv");
    }

    @Test
    void a_unit_in_an_unknown_district_is_refused_at_load(@TempDir Path dir) throws IOException {
        Path units = dir.resolve("units-bad.csv");
        Files.writeString(units, "unit_id,name,kind,district_code\nPTP-999,Phòng Tư pháp,DISTRICT_OFFICE,999\n");
        assertThatThrownBy(() -> ReferenceData.fromFiles(null, units)).hasMessageContaining("999");
    }
}
