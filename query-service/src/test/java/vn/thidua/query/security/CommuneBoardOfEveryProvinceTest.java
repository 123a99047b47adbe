package vn.thidua.query.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.projection.DomainEvent;
import vn.thidua.query.support.TestTokens;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureLine;
import vn.thidua.reference.StructureList;
import vn.thidua.security.Role;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commune support board of every province through the HTTP API: the Ministry's sector-wide movement, in which units
 * of provinces 24 and 19 support communes of their own province, and province 19's own movement. Each province's
 * caller reads its own province's communes (and none of another's movement: {@code 403}), the Ministry every
 * province's. The rows are checked against a fold of the events' payloads done here, not by the projection; the
 * communes of each province against the shipped lists. Then the same board as of an instant uses the register as it
 * was then: a version imported later does not apply.
 */
class CommuneBoardOfEveryProvinceTest extends SecuredApi {

    static final String BOARD = "/api/v1/reports/communes?movementId=";

    /** What the events say of one commune of the Ministry's movement, folded by the test. */
    record Facts(Set<String> supporters, int activities, Map<Integer, Boolean> passed) {
    }

    static Map<String, Facts> facts(String... communes) {
        Map<String, Facts> folded = new TreeMap<>();
        Set<String> wanted = Set.of(communes);
        for (DomainEvent e : NATIONAL_SUPPORT) {
            String commune = e.aggregateId().substring(e.aggregateId().indexOf('~') + 1);
            if (!wanted.contains(commune)) {
                continue;
            }
            Facts f = folded.computeIfAbsent(commune, c -> new Facts(new TreeSet<>(), 0, new TreeMap<>()));
            if (e.payload() instanceof CommuneSupportAssigned a) {
                f.supporters().add(a.unitId());
            } else if (e.payload() instanceof SupportActivityRecorded) {
                folded.put(commune, new Facts(f.supporters(), f.activities() + 1, f.passed()));
            } else if (e.payload() instanceof CommuneCriterionAssessed a) {
                f.passed().put(a.year(), a.passed());
            }
        }
        return folded;
    }

    /** Province 19's communes, from the shipped example list, in code order. */
    static List<String> thaiNguyen() {
        return StructureCsv.parse(ReferenceData.shippedText("admin-units-thai-nguyen-2025-07-01.csv"), StructureList.ADMIN_UNITS)
                .lines().stream().filter(l -> !l.type().equals("tinh")).map(StructureLine::code).sorted().toList();
    }

    /** Province 24's communes as the shipped 2017 lists order them: by district, then code. */
    static List<String> bacGiang() {
        return ReferenceData.bacGiang().communes().stream()
                .sorted(Comparator.comparing(Commune::districtCode).thenComparing(Commune::code)).map(Commune::code).toList();
    }

    static String analyst(String province) {
        return TestTokens.token(Role.ANALYST, null, province);
    }

    /** Every page of the board: the first page's totals with the items of all pages. */
    JsonNode board(String query, String token) {
        ObjectNode whole = null;
        ArrayNode items = null;
        for (int page = 0; whole == null || page < whole.path("totalPages").asInt(); page++) {
            HttpResponse<String> r = get(BOARD + query + "&size=200&page=" + page, token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode one = body(r);
            if (whole == null) {
                whole = (ObjectNode) one;
                items = (ArrayNode) whole.path("items");
            } else {
                items.addAll((ArrayNode) one.path("items"));
            }
        }
        return whole;
    }

    static List<String> codes(JsonNode board) {
        List<String> codes = new ArrayList<>();
        board.path("items").forEach(row -> codes.add(row.path("communeCode").asText()));
        return codes;
    }

    /** Every row of the board either is one of the folded communes, equal to its fold, or has no support at all. */
    static void rowsEqualTheFold(JsonNode board, Map<String, Facts> expected) {
        Set<String> seen = new TreeSet<>();
        for (JsonNode row : board.path("items")) {
            String code = row.path("communeCode").asText();
            Facts f = expected.get(code);
            Set<String> supporters = new TreeSet<>(row.path("supporters").findValuesAsText("unitId"));
            Map<Integer, Boolean> passed = new TreeMap<>();
            row.path("assessments").forEach(a -> passed.put(a.path("year").asInt(), a.path("passed").asBoolean()));
            if (f == null) {
                assertThat(supporters).as("supporters of %s", code).isEmpty();
                assertThat(row.path("activityCount").asInt()).as("activities of %s", code).isZero();
                assertThat(passed).as("assessments of %s", code).isEmpty();
            } else {
                seen.add(code);
                assertThat(supporters).as("supporters of %s", code).isEqualTo(f.supporters());
                assertThat(row.path("activityCount").asInt()).as("activities of %s", code).isEqualTo(f.activities());
                assertThat(passed).as("assessments of %s", code).isEqualTo(f.passed());
            }
        }
        assertThat(seen).as("every supported commune has its row").isEqualTo(expected.keySet());
        JsonNode totals = board.path("province");
        assertThat(totals.path("communes").asInt()).isEqualTo(board.path("totalItems").asInt());
        assertThat(totals.path("communesSupported").asInt()).isEqualTo(expected.size());
        assertThat(totals.path("activities").asInt()).isEqualTo(expected.values().stream().mapToInt(Facts::activities).sum());
        long passed2026 = expected.values().stream().filter(f -> Boolean.TRUE.equals(f.passed().get(2026))).count();
        long assessed2026 = expected.values().stream().filter(f -> f.passed().containsKey(2026)).count();
        JsonNode year = null;
        for (JsonNode y : totals.path("criterion185")) {
            if (y.path("year").asInt() == 2026) {
                year = y;
            }
        }
        assertThat(year).as("criterion 18.5 in 2026").isNotNull();
        assertThat(year.path("assessed").asLong()).isEqualTo(assessed2026);
        assertThat(year.path("passed").asLong()).isEqualTo(passed2026);
    }

    @Test
    void a_province_reads_its_own_communes_of_the_ministrys_movement_and_only_them() {
        JsonNode tn = board(NATIONAL, analyst(TN_PROVINCE));
        assertThat(codes(tn)).as("province 19's communes, no districts after the reform").containsExactlyElementsOf(thaiNguyen());
        assertThat(tn.path("districts")).isEmpty();
        rowsEqualTheFold(tn, facts(TN_COMMUNE, TN_MERGED_COMMUNE));
        assertThat(tn.toString()).doesNotContain(OWN_COMMUNE, OTHER_COMMUNE, OWN, OTHER);

        JsonNode bg = board(NATIONAL, analyst("24"));
        assertThat(codes(bg)).as("province 24's communes: its lists hold on the board's day").containsExactlyElementsOf(bacGiang());
        rowsEqualTheFold(bg, facts(OWN_COMMUNE, OTHER_COMMUNE));
        assertThat(bg.toString()).doesNotContain(TN_COMMUNE, TN_UNIT);
        assertThat(board(NATIONAL, TestTokens.token(Role.ANALYST)).path("province"))
                .as("a token naming no province is province 24's").isEqualTo(bg.path("province"));

        String csv = send("GET", BOARD + NATIONAL, analyst(TN_PROVINCE), CSV).body();
        assertThat(csv).contains(TN_COMMUNE, TN_MERGED_COMMUNE).doesNotContain(OWN_COMMUNE);
        assertThat(codes(board(NATIONAL + "&unitId=" + OWN, analyst(TN_PROVINCE)))).as("another province's unit: no row").isEmpty();
    }

    @Test
    void the_ministry_reads_every_provinces_communes_of_its_movement() {
        JsonNode all = board(NATIONAL, analyst("BTP"));
        List<String> expected = new ArrayList<>(thaiNguyen());
        expected.addAll(bacGiang());
        assertThat(codes(all)).as("province by province").containsExactlyElementsOf(expected);
        rowsEqualTheFold(all, facts(OWN_COMMUNE, OTHER_COMMUNE, TN_COMMUNE, TN_MERGED_COMMUNE));
    }

    @Test
    void a_reporter_of_province_19_reads_the_communes_its_unit_supports() {
        JsonNode own = board(NATIONAL, TestTokens.token(Role.UNIT_REPORTER, TN_UNIT, TN_PROVINCE));
        assertThat(codes(own)).containsExactly(TN_COMMUNE, TN_MERGED_COMMUNE);
    }

    @Test
    void a_provinces_own_movement_lists_its_communes_to_it_and_to_the_ministry_and_is_refused_to_another_province() {
        JsonNode tn = board(TN_MOVEMENT, analyst(TN_PROVINCE));
        assertThat(codes(tn)).containsExactlyElementsOf(thaiNguyen());
        assertThat(tn.path("province").path("activities").asInt()).isZero();
        assertThat(codes(board(TN_MOVEMENT, analyst("BTP")))).containsExactlyElementsOf(thaiNguyen());
        for (Role role : List.of(Role.PROVINCE_ADMIN, Role.ANALYST, Role.AUDITOR)) {
            HttpResponse<String> refused = get(BOARD + TN_MOVEMENT, TestTokens.token(role, null, "24"));
            assertThat(refused.statusCode()).as("%s of province 24", role).isEqualTo(403);
            assertThat(refused.body()).doesNotContain(TN_COMMUNE);
        }
        assertThat(get(BOARD + NTM, analyst(TN_PROVINCE)).statusCode()).as("province 24's movement").isEqualTo(403);
    }

    @Test
    void as_of_an_instant_the_board_uses_the_register_as_it_was_then() {
        Instant supported = NATIONAL_SUPPORT.get(NATIONAL_SUPPORT.size() - 1).timestamp();
        Instant imported = LATER_STRUCTURE.get(0).timestamp();
        assertThat(supported).isBefore(imported);
        String merged = NATIONAL + "&structure=" + TN_MERGER;
        Map<String, Facts> facts = facts(TN_COMMUNE, TN_MERGED_COMMUNE);

        // before the version was imported: province 19's communes of 2025 continue on its first day
        JsonNode before = board(merged + "&asOf=" + supported, analyst(TN_PROVINCE));
        assertThat(codes(before)).containsExactlyElementsOf(thaiNguyen());
        rowsEqualTheFold(before, facts);

        // once it was: the merged commune holds both communes' support; their 2026 assessments are its predecessors'
        for (String query : List.of(merged + "&asOf=" + imported, merged)) {
            JsonNode after = board(query, analyst(TN_PROVINCE));
            assertThat(codes(after)).as(query).containsExactlyElementsOf(thaiNguyen().stream()
                    .filter(c -> !c.equals(TN_MERGED_COMMUNE)).toList());
            JsonNode row = null;
            for (JsonNode r : after.path("items")) {
                if (r.path("communeCode").asText().equals(TN_COMMUNE)) {
                    row = r;
                }
            }
            assertThat(row).isNotNull();
            assertThat(new TreeSet<>(row.path("supporters").findValuesAsText("unitId"))).containsExactly(TN_UNIT);
            assertThat(row.path("activityCount").asInt()).isEqualTo(facts.values().stream().mapToInt(Facts::activities).sum());
            assertThat(row.path("assessments")).as("formed in 2027: no assessment of its own yet").isEmpty();
            Map<String, Boolean> predecessors = new TreeMap<>();
            row.path("predecessors").forEach(p -> predecessors.put(p.path("communeCode").asText(),
                    p.path("assessments").get(0).path("passed").asBoolean()));
            assertThat(predecessors).isEqualTo(Map.of(TN_COMMUNE, facts.get(TN_COMMUNE).passed().get(2026),
                    TN_MERGED_COMMUNE, facts.get(TN_MERGED_COMMUNE).passed().get(2026)));
        }

        // the board of the days before the version is the same whenever it is asked
        assertThat(codes(board(NATIONAL, analyst(TN_PROVINCE)))).containsExactlyElementsOf(thaiNguyen());
    }
}
