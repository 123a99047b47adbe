package vn.thidua.query.supportboard;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.structure.StructureRegisterProjection;
import vn.thidua.query.support.StructureImports;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureCsv;
import vn.thidua.reference.StructureLine;
import vn.thidua.reference.StructureList;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commune support board of a movement that crosses 1 July 2025, under both structures: grouped by the old
 * districts it is the board of the lists the deployment starts with; without a structure day, it is grouped by the
 * structure of the movement's last day (or today); grouped by the merged Bắc Ninh's 99 communes each
 * row equals an independent fold — computed here from the event payloads and the {@code formed_from} column of the
 * shipped 2025 list, not through the register — in which a new commune's support sums its predecessors' and its own,
 * and criterion 18.5 counts only its own assessments.
 */
class SupportBoardAcrossTheReformTest {

    static final String NTM = "NTM-2021-2026";
    static final ReferenceData REFERENCE = ReferenceData.bacGiang();
    static final LocalDate REFORM = LocalDate.of(2025, 7, 1);
    static MongoClient client;
    static SupportBoard board;
    /** The merged province's communes, as the shipped 2025 list names them, with the codes each was formed from. */
    static final Map<String, StructureLine> MERGED = new TreeMap<>();

    /** What the events say of one commune code, folded by the test. */
    static final class Facts {
        final Set<String> supporters = new LinkedHashSet<>();
        final Set<String> active = new TreeSet<>();
        int activities;
        final Map<Integer, Boolean> passed = new TreeMap<>();
    }

    static final Map<String, Facts> FACTS = new TreeMap<>();
    static final String LOST = "07204";

    @BeforeAll
    static void aMovementAcrossTheReform() {
        client = MongoClients.create(Infrastructure.mongoUri());
        MongoDatabase db = client.getDatabase(Infrastructure.uniqueName("support_reform"));
        new StructureRegisterProjection(db).apply(StructureImports.theReform());
        StructureCsv.parse(ReferenceData.shippedText("admin-units-bac-ninh-2025-07-01.csv"), StructureList.ADMIN_UNITS).lines()
                .stream().filter(l -> l.code().length() == 5).forEach(l -> MERGED.put(l.code(), l));
        new MovementCatalogueProjection(db).apply(MovementHistory.of(NTM).then(new MovementRegistered(NTM,
                "Ngành Tư pháp chung sức xây dựng nông thôn mới 2021–2026", MovementKind.MULTI_YEAR, LocalDate.of(2021, 1, 1),
                LocalDate.of(2026, 12, 31), MovementHistory.launchingPlan(), List.of(), "24")).events());
        board = new SupportBoard(db, REFERENCE);

        Random random = new Random(2025);
        List<DomainEvent> all = new ArrayList<>();
        // before the reform: Bắc Giang's old communes that some merged commune was formed from
        Set<String> predecessors = new TreeSet<>();
        MERGED.values().forEach(l -> predecessors.addAll(l.formedFrom()));
        List<String> old = predecessors.stream().filter(c -> REFERENCE.commune(c).isPresent()).toList();
        for (String code : old) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            Facts f = FACTS.computeIfAbsent(code, c -> new Facts());
            String unit = "PTP-" + REFERENCE.commune(code).orElseThrow().districtCode();
            AggregateStream s = AggregateStream.of("CommuneSupport", NTM + "~" + code);
            s.then(new CommuneSupportAssigned(NTM, code, unit, new AssignmentDecision("1/QĐ-STP", LocalDate.of(2021, 2, 1)),
                    LocalDate.of(2021, 3, 1), false));
            f.supporters.add(unit);
            for (int a = 0, n = random.nextInt(4); a < n; a++) {
                s.then(new SupportActivityRecorded(NTM, code, unit, "old-" + a, SupportActivityType.LEGAL_DISSEMINATION,
                        LocalDate.of(2022 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(28)), 30, null));
                f.activities++;
            }
            s.then(new CommuneSupportEnded(NTM, code, unit, LocalDate.of(2025, 6, 30), "Sắp xếp đơn vị hành chính"));
            for (int year = 2021; year <= 2025; year++) {
                if (random.nextBoolean()) {
                    boolean passed = random.nextBoolean();
                    s.then(assessed(code, year, passed));
                    f.passed.put(year, passed);
                }
            }
            all.addAll(s.events());
        }
        // after it: the merged communes, supported by the Department's office
        for (String code : MERGED.keySet()) {
            if (random.nextInt(2) == 0) {
                continue;
            }
            Facts f = FACTS.computeIfAbsent(code, c -> new Facts());
            AggregateStream s = AggregateStream.of("CommuneSupport", NTM + "~" + code);
            // a reused code continues the stream of the old commune of that code: its events come after the old ones
            List<DomainEvent> earlier = all.stream().filter(e -> e.aggregateId().equals(NTM + "~" + code)).toList();
            earlier.forEach(e -> s.then(e.payload()));
            all.removeAll(earlier);
            s.then(new CommuneSupportAssigned(NTM, code, "STP-VP", new AssignmentDecision("7/QĐ-STP", REFORM), REFORM, false));
            f.supporters.add("STP-VP");
            f.active.add("STP-VP");
            for (int a = 0, n = 1 + random.nextInt(3); a < n; a++) {
                s.then(new SupportActivityRecorded(NTM, code, "STP-VP", "new-" + a, SupportActivityType.ACCESS_TO_LAW_REVIEW,
                        REFORM.plusDays(random.nextInt(500)), 50, null));
                f.activities++;
            }
            for (int year : new int[]{2025, 2026}) {
                if (random.nextBoolean()) {
                    boolean passed = random.nextBoolean();
                    s.then(assessed(code, year, passed));
                    f.passed.put(year, passed);
                }
            }
            all.addAll(s.events());
        }
        // a commune merged away before 2025 (Phường Trần Nguyên Hãn): the example register has no version of that merger,
        // so the commune ends on 30 June 2025 with no successor
        Facts lost = FACTS.computeIfAbsent(LOST, c -> new Facts());
        AggregateStream gone = AggregateStream.of("CommuneSupport", NTM + "~" + LOST);
        gone.then(new CommuneSupportAssigned(NTM, LOST, "PTP-213", new AssignmentDecision("1/QĐ-STP", LocalDate.of(2021, 2, 1)),
                LocalDate.of(2021, 3, 1), false));
        for (int a = 0; a < 2; a++) {
            gone.then(new SupportActivityRecorded(NTM, LOST, "PTP-213", "lost-" + a, SupportActivityType.LEGAL_DISSEMINATION,
                    LocalDate.of(2021, 5, 1 + a), 20, null));
            lost.activities++;
        }
        gone.then(assessed(LOST, 2021, true));
        all.addAll(gone.events());
        SupportBoardProjection projection = new SupportBoardProjection(db, REFERENCE);
        for (int i = 0; i < all.size(); i += 30) {
            projection.apply(all.subList(i, Math.min(all.size(), i + 30)));
        }
    }

    static CommuneCriterionAssessed assessed(String code, int year, boolean passed) {
        CriterionScores s = new CriterionScores(BigDecimal.TEN, BigDecimal.valueOf(20), BigDecimal.valueOf(20), BigDecimal.valueOf(8),
                BigDecimal.valueOf(15));
        return new CommuneCriterionAssessed(NTM, code, year, s, s.total(), true, passed,
                year <= 2020 ? "QD619-2017/v1" : "QD25-2021/v1", LocalDate.of(year, 12, 10), null);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static SupportBoard.Result in(LocalDate structure) {
        return board.query(new SupportBoardQuery(NTM, null, null, null, null, null, null, structure), 0, 0);
    }

    @Test
    void grouped_by_the_old_districts_the_board_is_the_board_of_the_lists_the_deployment_starts_with() {
        SupportBoard.Result before = in(LocalDate.of(2024, 6, 30));
        assertThat(before.rows()).extracting(CommuneRow::communeCode).containsExactlyElementsOf(REFERENCE.communes().stream()
                .sorted(java.util.Comparator.comparing(vn.thidua.reference.Commune::districtCode)
                        .thenComparing(vn.thidua.reference.Commune::code)).map(vn.thidua.reference.Commune::code).toList());
        assertThat(before.rows()).allMatch(r -> r.districtCode() != null && r.predecessors() == null
                && r.communeName().equals(REFERENCE.commune(r.communeCode()).orElseThrow().name())
                && r.districtCode().equals(REFERENCE.commune(r.communeCode()).orElseThrow().districtCode()));
        // the totals of a day count that day's communes: not the communes formed after it
        int old = FACTS.entrySet().stream().filter(e -> REFERENCE.commune(e.getKey()).isPresent())
                .mapToInt(e -> e.getValue().activities).sum();
        int outside = FACTS.entrySet().stream().filter(e -> REFERENCE.commune(e.getKey()).isEmpty())
                .mapToInt(e -> e.getValue().activities).sum();
        assertThat(outside).isPositive();
        assertThat(before.province().activities()).isEqualTo(before.rows().stream().mapToLong(CommuneRow::activityCount).sum())
                .isEqualTo(old);
        assertThat(before.province().communes()).isEqualTo(230);
    }

    @Test
    void without_a_structure_day_the_board_shows_the_communes_of_the_movements_last_day_or_of_today_if_earlier() {
        LocalDate day = SupportBoard.dayOf(LocalDate.of(2026, 12, 31), null);
        assertThat(day).isAfter(REFORM);
        SupportBoard.Result shown = board.query(SupportBoardQuery.of(NTM), 0, 0);
        SupportBoard.Result ofTheDay = in(day);
        assertThat(shown.rows()).isEqualTo(ofTheDay.rows());
        assertThat(shown.rows()).extracting(CommuneRow::communeCode).containsExactlyElementsOf(MERGED.keySet());
        assertThat(shown.province()).isEqualTo(ofTheDay.province());
        assertThat(shown.withoutSuccessor()).isEqualTo(ofTheDay.withoutSuccessor());
        assertThat(SupportBoard.dayOf(LocalDate.of(2020, 12, 31), null)).isEqualTo(LocalDate.of(2020, 12, 31));
        assertThat(SupportBoard.dayOf(LocalDate.of(2026, 12, 31), java.time.Instant.parse("2024-03-01T17:30:00Z")))
                .as("as of an instant: its day in Vietnam").isEqualTo(LocalDate.of(2024, 3, 2));
    }

    @Test
    void grouped_by_the_merged_province_every_row_equals_the_independent_fold_of_its_own_and_its_predecessors_events() {
        SupportBoard.Result after = in(LocalDate.of(2026, 1, 1));
        assertThat(after.rows()).extracting(CommuneRow::communeCode).containsExactlyElementsOf(MERGED.keySet());
        assertThat(after.districts()).as("no districts after 1 July 2025").isEmpty();
        for (CommuneRow row : after.rows()) {
            StructureLine line = MERGED.get(row.communeCode());
            Set<String> sources = new TreeSet<>(line.formedFrom());
            sources.add(line.code());
            Set<String> supporters = new TreeSet<>();
            int activities = 0;
            for (String source : sources) {
                Facts f = FACTS.get(source);
                if (f != null) {
                    supporters.addAll(f.supporters);
                    activities += f.activities;
                }
            }
            Facts own = FACTS.getOrDefault(row.communeCode(), new Facts());
            Map<Integer, Boolean> ownPassed = new TreeMap<>(own.passed);
            ownPassed.keySet().removeIf(year -> year < 2025);
            assertThat(row.communeName()).isEqualTo(line.name());
            assertThat(row.districtCode()).isNull();
            assertThat(new TreeSet<>(row.supporters().stream().map(CommuneRow.Supporter::unitId).toList()))
                    .as("supporters of %s", row.communeCode()).isEqualTo(supporters);
            assertThat(new TreeSet<>(row.activeSupporters())).isEqualTo(own.active);
            assertThat(row.activityCount()).as("activities of %s and its predecessors", row.communeCode()).isEqualTo(activities);
            Map<Integer, Boolean> shown = new TreeMap<>();
            row.assessments().forEach(a -> shown.put(a.year(), a.passed()));
            assertThat(shown).as("criterion 18.5 of %s: its own assessments only", row.communeCode()).isEqualTo(ownPassed);
            Set<String> withHistory = new TreeSet<>();
            for (String source : sources) {
                Facts f = FACTS.get(source);
                boolean history = f != null && (source.equals(row.communeCode())
                        ? f.passed.keySet().stream().anyMatch(y -> y < 2025) : true);
                if (history) {
                    withHistory.add(source);
                }
            }
            assertThat(row.predecessors() == null ? Set.of()
                    : new TreeSet<>(row.predecessors().stream().map(CommuneRow.Predecessor::communeCode).toList()))
                    .as("predecessors shown with %s", row.communeCode()).isEqualTo(withHistory);
        }
    }

    @Test
    void a_merged_commune_passes_a_year_only_by_its_own_assessment_never_by_its_predecessors() {
        SupportBoard.Result after = in(LocalDate.of(2026, 1, 1));
        Map<Integer, long[]> expected = new TreeMap<>();
        for (String code : MERGED.keySet()) {
            FACTS.getOrDefault(code, new Facts()).passed.forEach((year, passed) -> {
                if (year >= 2025) {
                    long[] y = expected.computeIfAbsent(year, k -> new long[2]);
                    y[0]++;
                    y[1] += passed ? 1 : 0;
                }
            });
        }
        Map<Integer, long[]> shown = new TreeMap<>();
        after.province().criterion185().forEach(y -> shown.put(y.year(), new long[]{y.assessed(), y.passed()}));
        assertThat(shown.keySet()).as("no year before the reform counts for the merged communes").isEqualTo(expected.keySet());
        expected.forEach((year, y) -> assertThat(shown.get(year)).as("year %d", year).containsExactly(y));
        assertThat(after.province().communes()).isEqualTo(MERGED.size());
        // the predecessors' years stay visible under them
        long predecessorAssessments = after.rows().stream().filter(r -> r.predecessors() != null)
                .flatMap(r -> r.predecessors().stream()).mapToLong(p -> p.assessments().size()).sum();
        assertThat(predecessorAssessments).isPositive();
        // and the old structure still counts the old communes' years
        assertThat(in(LocalDate.of(2024, 6, 30)).province().criterion185()).extracting(BoardTotals.YearTotals::year).contains(2021, 2024);
    }

    @Test
    void the_history_of_a_commune_with_no_successor_on_the_day_is_listed_apart_not_dropped() {
        SupportBoard.Result after = in(LocalDate.of(2026, 1, 1));
        assertThat(after.withoutSuccessor()).extracting(CommuneRow.Predecessor::communeCode).containsExactly(LOST);
        CommuneRow.Predecessor lost = after.withoutSuccessor().get(0);
        assertThat(lost.communeName()).isEqualTo("Phường Trần Nguyên Hãn");
        assertThat(lost.until()).isEqualTo(LocalDate.of(2025, 6, 30));
        assertThat(lost.activityCount()).isEqualTo(2);
        assertThat(lost.assessments()).extracting(CommuneRow.Assessment::year).containsExactly(2021);
        assertThat(after.rows()).noneMatch(r -> r.predecessors() != null
                && r.predecessors().stream().anyMatch(p -> p.communeCode().equals(LOST)));
        assertThat(in(LocalDate.of(2024, 6, 30)).withoutSuccessor()).as("it exists on that day").isEmpty();
        assertThat(board.query(SupportBoardQuery.of(NTM), 0, 0).withoutSuccessor()).as("on the movement's day too")
                .extracting(CommuneRow.Predecessor::communeCode).containsExactly(LOST);
    }

    @Test
    void a_filter_on_a_status_reads_the_merged_communes_own_assessments() {
        List<CommuneRow> passed2026 = board.query(new SupportBoardQuery(NTM, null, null, null, 2026, "PASSED", null,
                LocalDate.of(2026, 1, 1)), 0, 0).rows();
        List<String> expected = MERGED.keySet().stream()
                .filter(c -> Boolean.TRUE.equals(FACTS.getOrDefault(c, new Facts()).passed.get(2026))).toList();
        assertThat(passed2026).extracting(CommuneRow::communeCode).containsExactlyElementsOf(expected);
        assertThat(board.query(new SupportBoardQuery(NTM, null, null, "bac giang", null, null, null, LocalDate.of(2026, 1, 1)), 0, 0)
                .rows()).extracting(CommuneRow::communeName).contains("Phường Bắc Giang");
    }
}
