package vn.thidua.query.supportboard;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.support.AssignmentDecision;
import vn.thidua.events.support.CommuneCriterionAssessed;
import vn.thidua.events.support.CommuneSupportAssigned;
import vn.thidua.events.support.CommuneSupportEnded;
import vn.thidua.events.support.CriterionScores;
import vn.thidua.events.support.SupportActivityRecorded;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Watermarks;
import vn.thidua.projection.documents.MergedDocuments;
import vn.thidua.projection.testing.AggregateStream;
import vn.thidua.testing.Infrastructure;
import vn.thidua.projection.testing.MovementHistory;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.reference.Commune;
import vn.thidua.reference.ReferenceData;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commune support board equals an independent fold of the same generated history, computed here from the
 * event payloads (not by the projection's code); redelivered and shuffled batches change nothing.
 */
class SupportBoardTest {

    static final String NTM = "NTM-2016-2020";
    static final ReferenceData REFERENCE = ReferenceData.bacGiang();
    static MongoClient client;
    static MongoDatabase db;
    static SupportBoard board;

    /** What the test expects of one commune, folded from the payloads by the test itself. */
    static final class Expected {
        final Map<String, LocalDate> activeSince = new TreeMap<>();
        final List<String> everSupported = new ArrayList<>();
        final Map<SupportActivityType, Integer> count = new TreeMap<>();
        final Map<SupportActivityType, LocalDate> latest = new TreeMap<>();
        final Map<Integer, CommuneCriterionAssessed> assessment = new TreeMap<>();
    }

    static final Map<String, Expected> EXPECTED = new TreeMap<>();

    @BeforeAll
    static void applyAGeneratedHistory() {
        client = MongoClients.create(Infrastructure.mongoUri());
        db = client.getDatabase(Infrastructure.uniqueName("support_board"));
        Watermarks watermarks = new Watermarks(db);
        SupportBoardProjection projection = new SupportBoardProjection(db, REFERENCE);
        new MovementCatalogueProjection(db).apply(MovementHistory.of(NTM)
                .then(MovementHistory.registered(NTM, "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới", MovementKind.MULTI_YEAR))
                .events());
        board = new SupportBoard(db, REFERENCE);

        Random random = new Random(2018);
        List<DomainEvent> all = new ArrayList<>();
        List<Commune> communes = new ArrayList<>(REFERENCE.communes());
        for (Commune c : communes.subList(0, 120)) { // 120 of 230 communes get events; the rest stay unsupported
            Expected x = new Expected();
            EXPECTED.put(c.code(), x);
            AggregateStream stream = AggregateStream.of("CommuneSupport", NTM + "~" + c.code());
            String unit = "PTP-" + c.districtCode();
            LocalDate from = LocalDate.of(2017, 1 + random.nextInt(6), 1 + random.nextInt(28));
            stream.then(new CommuneSupportAssigned(NTM, c.code(), unit, new AssignmentDecision(random.nextInt(300) + "/QĐ-STP",
                    from.minusDays(10)), from, false));
            x.activeSince.put(unit, from);
            x.everSupported.add(unit);
            int activities = random.nextInt(6);
            for (int a = 0; a < activities; a++) {
                SupportActivityType type = SupportActivityType.values()[random.nextInt(SupportActivityType.values().length)];
                LocalDate on = from.plusDays(random.nextInt(500));
                stream.then(new SupportActivityRecorded(NTM, c.code(), unit, "a-" + a, type, on, random.nextInt(80), "Hoạt động " + a));
                x.count.merge(type, 1, Integer::sum);
                x.latest.merge(type, on, (p, q) -> p.isAfter(q) ? p : q);
            }
            if (random.nextInt(4) == 0) {
                stream.then(new CommuneSupportAssigned(NTM, c.code(), "STP-PBGDPL", new AssignmentDecision("9/QĐ-STP", from), from.plusDays(30), true));
                x.activeSince.put("STP-PBGDPL", from.plusDays(30));
                x.everSupported.add("STP-PBGDPL");
            }
            if (random.nextInt(5) == 0) {
                stream.then(new CommuneSupportEnded(NTM, c.code(), unit, LocalDate.of(2019, 6, 30), "Kết thúc"));
                x.activeSince.remove(unit);
            }
            for (int year : new int[]{2017, 2018}) {
                int times = random.nextInt(3); // 0, 1 or 2 assessments: a second one supersedes the first
                for (int t = 0; t < times; t++) {
                    CriterionScores s = new CriterionScores(BigDecimal.valueOf(8 + random.nextInt(8)), BigDecimal.valueOf(15 + random.nextInt(16)),
                            BigDecimal.valueOf(12 + random.nextInt(14)), BigDecimal.valueOf(5 + random.nextInt(6)), BigDecimal.valueOf(10 + random.nextInt(11)));
                    boolean passed = random.nextBoolean();
                    CommuneCriterionAssessed assessed = new CommuneCriterionAssessed(NTM, c.code(), year, s, s.total(), true, passed,
                            "QD619-2017/v1", LocalDate.of(year, 12, 10 + t), null);
                    stream.then(assessed);
                    x.assessment.put(year, assessed);
                }
            }
            all.addAll(stream.events());
        }
        // delivered in batches of random size, per aggregate in order (as one partition delivers), each batch twice
        List<List<DomainEvent>> batches = new ArrayList<>();
        int i = 0;
        while (i < all.size()) {
            int n = 1 + random.nextInt(40);
            batches.add(all.subList(i, Math.min(all.size(), i + n)));
            i += n;
        }
        for (List<DomainEvent> batch : batches) {
            projection.apply(batch);
            projection.apply(batch);
        }
        List<DomainEvent> replay = new ArrayList<>(all);
        Collections.shuffle(replay, random); // a full redelivery, in any order: everything is at or below its version
        projection.apply(replay);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    SupportBoard.Result all() {
        return board.query(SupportBoardQuery.of(NTM), 0, 0);
    }

    @Test
    void every_commune_of_the_province_has_one_row_whether_supported_or_not() {
        SupportBoard.Result r = all();
        assertThat(r.rows()).hasSize(230);
        assertThat(r.rows()).extracting(CommuneRow::communeCode).doesNotHaveDuplicates();
    }

    @Test
    void each_row_equals_the_independent_fold_of_its_events() {
        for (CommuneRow row : all().rows()) {
            Expected x = EXPECTED.getOrDefault(row.communeCode(), new Expected());
            assertThat(new java.util.TreeSet<>(row.activeSupporters()))
                    .as("active supporters of %s", row.communeCode()).isEqualTo(new java.util.TreeSet<>(x.activeSince.keySet()));
            assertThat(row.supporters()).extracting(CommuneRow.Supporter::unitId).containsExactlyElementsOf(x.everSupported);
            Map<String, Integer> counts = new TreeMap<>();
            Map<String, String> latest = new TreeMap<>();
            row.activities().forEach(a -> {
                counts.put(a.type().name(), a.count());
                latest.put(a.type().name(), a.latest().toString());
            });
            Map<String, Integer> expectedCounts = new TreeMap<>();
            Map<String, String> expectedLatest = new TreeMap<>();
            x.count.forEach((t, n) -> expectedCounts.put(t.name(), n));
            x.latest.forEach((t, d) -> expectedLatest.put(t.name(), d.toString()));
            assertThat(counts).as("activities of %s", row.communeCode()).isEqualTo(expectedCounts);
            assertThat(latest).isEqualTo(expectedLatest);
            assertThat(row.activityCount()).isEqualTo(x.count.values().stream().mapToInt(n -> n).sum());
            assertThat(row.assessments()).extracting(CommuneRow.Assessment::year).containsExactlyElementsOf(x.assessment.keySet());
            for (CommuneRow.Assessment a : row.assessments()) {
                CommuneCriterionAssessed e = x.assessment.get(a.year());
                assertThat(a.total()).isEqualByComparingTo(e.total());
                assertThat(a.passed()).isEqualTo(e.passed());
                assertThat(a.assessedOn()).isEqualTo(e.assessedOn());
            }
        }
    }

    @Test
    void totals_per_district_and_province_equal_counts_over_the_expected_communes() {
        SupportBoard.Result r = all();
        Map<String, long[]> perDistrict = new TreeMap<>(); // communes, supported, activities, passed 2018
        for (Commune c : REFERENCE.communes()) {
            Expected x = EXPECTED.getOrDefault(c.code(), new Expected());
            long[] t = perDistrict.computeIfAbsent(c.districtCode(), k -> new long[4]);
            t[0]++;
            t[1] += x.activeSince.isEmpty() ? 0 : 1;
            t[2] += x.count.values().stream().mapToInt(n -> n).sum();
            t[3] += x.assessment.containsKey(2018) && x.assessment.get(2018).passed() ? 1 : 0;
        }
        assertThat(r.districts()).hasSize(10);
        for (DistrictTotals d : r.districts()) {
            long[] t = perDistrict.get(d.districtCode());
            assertThat(d.totals().communes()).isEqualTo(t[0]);
            assertThat(d.totals().communesSupported()).isEqualTo(t[1]);
            assertThat(d.totals().activities()).isEqualTo(t[2]);
            assertThat(passedIn(d.totals(), 2018)).as("passed 2018 in %s", d.districtCode()).isEqualTo(t[3]);
        }
        long passed2018 = perDistrict.values().stream().mapToLong(t -> t[3]).sum();
        assertThat(passedIn(r.province(), 2018)).isEqualTo(passed2018);
        assertThat(r.province().communes()).isEqualTo(230);
        BoardTotals.YearTotals y2018 = r.province().criterion185().stream().filter(y -> y.year() == 2018).findFirst().orElseThrow();
        assertThat(y2018.shareOfCommunesPassing())
                .isEqualByComparingTo(BigDecimal.valueOf(passed2018).divide(BigDecimal.valueOf(230), 4, java.math.RoundingMode.HALF_UP));
    }

    @Test
    void the_totals_come_from_the_movement_head_and_without_one_from_the_movement_document() {
        SupportBoard.Result withHead = all();
        assertThat(db.getCollection(SupportBoardProjection.PROVINCE_HEADS).countDocuments()).isEqualTo(1);
        var heads = client.getDatabase(Infrastructure.uniqueName("support_board_heads")).getCollection("copy");
        db.getCollection(SupportBoardProjection.PROVINCE_HEADS).find().forEach(heads::insertOne);
        // as a database written before heads existed
        db.getCollection(SupportBoardProjection.PROVINCE_HEADS).drop();
        try {
            SupportBoard.Result without = all();
            assertThat(without.province()).isEqualTo(withHead.province());
            assertThat(without.districts()).isEqualTo(withHead.districts());
        } finally {
            heads.find().forEach(db.getCollection(SupportBoardProjection.PROVINCE_HEADS)::insertOne);
        }
    }

    @Test
    void a_filter_on_a_unit_finds_every_commune_it_ever_supported_with_or_without_the_unit_documents() {
        List<CommuneRow> all = all().rows();
        Set<String> unitsSeen = new TreeSet<>();
        EXPECTED.values().forEach(x -> unitsSeen.addAll(x.everSupported));
        unitsSeen.add("PTP-NOBODY");
        Map<String, List<CommuneRow>> withDocuments = new LinkedHashMap<>();
        for (String unit : unitsSeen) {
            List<CommuneRow> expected = all.stream()
                    .filter(r -> r.supporters().stream().anyMatch(s -> unit.equals(s.unitId()))).toList();
            List<CommuneRow> rows = board.query(SupportBoardQuery.of(NTM).withUnit(unit), 0, 0).rows();
            assertThat(rows).as(unit).isEqualTo(expected);
            withDocuments.put(unit, rows);
        }
        assertThat(withDocuments.get("PTP-NOBODY")).isEmpty();
        // a unit whose support ended still finds the commune
        assertThat(EXPECTED.values().stream().anyMatch(x -> x.everSupported.size() > x.activeSince.size())).isTrue();
        // as a database written before the unit documents existed: every district is read, the same rows come out
        var copy = client.getDatabase(Infrastructure.uniqueName("support_board_units")).getCollection("copy");
        db.getCollection(SupportBoardProjection.UNITS).find().forEach(copy::insertOne);
        assertThat(copy.countDocuments()).isEqualTo(unitsSeen.size() - 1);
        db.getCollection(SupportBoardProjection.UNITS).drop();
        try {
            for (String unit : unitsSeen) {
                assertThat(board.query(SupportBoardQuery.of(NTM).withUnit(unit), 0, 0).rows()).as(unit)
                        .isEqualTo(withDocuments.get(unit));
            }
        } finally {
            copy.find().forEach(db.getCollection(SupportBoardProjection.UNITS)::insertOne);
        }
    }

    @Test
    void pages_of_a_status_filter_are_the_slices_of_all_matching_rows_even_when_the_totals_are_behind() {
        List<SupportBoardQuery> filters = new ArrayList<>();
        for (String status : List.of("SUPPORTED", "UNSUPPORTED", "PASSED", "FAILED", "NOT_ASSESSED")) {
            filters.add(new SupportBoardQuery(NTM, null, null, null, 2018, status, null, null));
            filters.add(new SupportBoardQuery(NTM, null, null, null, null, status, null, null));
            filters.add(new SupportBoardQuery(NTM, "215", null, null, 2017, status, null, null));
        }
        java.util.function.Consumer<Boolean> everyPage = countsToo -> {
            for (SupportBoardQuery f : filters) {
                List<CommuneRow> all = board.query(f, 0, 0).rows();
                List<CommuneRow> paged = new ArrayList<>();
                for (int page = 0; page * 13 <= all.size(); page++) {
                    SupportBoard.Result r = board.query(f, page, 13);
                    assertThat(r.rows()).as("%s", f).hasSizeLessThanOrEqualTo(13);
                    assertThat(all).as("%s", f).containsAll(r.rows());
                    if (countsToo) {
                        assertThat(r.matching()).as("%s", f).isEqualTo(all.size());
                    }
                    paged.addAll(r.rows());
                }
                if (countsToo) {
                    assertThat(paged).as("%s", f).isEqualTo(all);
                }
            }
        };
        everyPage.accept(true);
        assertThat(board.query(new SupportBoardQuery(NTM, null, null, null, 2018, "PASSED", null, null), 0, 0).rows()).isNotEmpty();
        // the movement's totals a moment behind the districts' rows (between the two writes of a batch): every row of a
        // page still matches (a district read that disagrees with its totals sends the page to the slow path); the
        // count of matches and where a page starts follow the totals — as the movement's totals in the same answer
        // do — until the batch is delivered again; then the pages are exact slices again
        var province = db.getCollection(SupportBoardProjection.PROVINCE);
        Document before = province.find().first();
        String district = before.get(MergedDocuments.ENTRIES, Document.class).keySet().iterator().next();
        province.updateOne(com.mongodb.client.model.Filters.eq("_id", before.get("_id")),
                com.mongodb.client.model.Updates.inc(MergedDocuments.ENTRIES + "." + district + ".totals.communesSupported", -1L));
        try {
            everyPage.accept(false);
        } finally {
            province.replaceOne(com.mongodb.client.model.Filters.eq("_id", before.get("_id")), before);
        }
        everyPage.accept(true);
    }

    static long passedIn(BoardTotals totals, int year) {
        return totals.criterion185().stream().filter(y -> y.year() == year).mapToLong(BoardTotals.YearTotals::passed).sum();
    }

    @Test
    void filters_select_rows_and_leave_the_totals_of_the_movement() {
        SupportBoard.Result district = board.query(new SupportBoardQuery(NTM, "215", null, null, null, null, null, null), 0, 0);
        assertThat(district.rows()).hasSize(21).allSatisfy(row -> assertThat(row.districtCode()).isEqualTo("215"));
        assertThat(district.province().communes()).isEqualTo(230);

        long expectedUnsupported = REFERENCE.communes().stream()
                .filter(c -> EXPECTED.getOrDefault(c.code(), new Expected()).activeSince.isEmpty()).count();
        assertThat(board.query(new SupportBoardQuery(NTM, null, null, null, null, "UNSUPPORTED", null, null), 0, 0).rows()).hasSize((int) expectedUnsupported);

        long expectedShared = EXPECTED.values().stream().filter(x -> x.everSupported.contains("STP-PBGDPL")).count();
        assertThat(board.query(new SupportBoardQuery(NTM, null, "STP-PBGDPL", null, null, null, null, null), 0, 0).rows()).hasSize((int) expectedShared);

        long passed2017 = EXPECTED.values().stream().filter(x -> x.assessment.containsKey(2017) && x.assessment.get(2017).passed()).count();
        assertThat(board.query(new SupportBoardQuery(NTM, null, null, null, 2017, "PASSED", null, null), 0, 0).rows()).hasSize((int) passed2017);
    }

    @Test
    void a_page_is_the_same_rows_as_the_slice_of_all_rows_and_counts_every_match() {
        List<CommuneRow> all = all().rows();
        SupportBoard.Result page = board.query(new SupportBoardQuery(NTM, null, null, null, null, null, null, null), 3, 20);
        assertThat(page.matching()).isEqualTo(230);
        assertThat(page.rows()).isEqualTo(all.subList(60, 80));
        SupportBoard.Result filtered = board.query(new SupportBoardQuery(NTM, null, null, null, null, "UNSUPPORTED", null, null), 0, 7);
        assertThat(filtered.rows()).hasSize(7);
        assertThat(filtered.matching()).isEqualTo(board.query(new SupportBoardQuery(NTM, null, null, null, null, "UNSUPPORTED", null, null), 0, 0).rows().size());
    }

    @Test
    void commune_names_are_searched_without_diacritics_or_case() {
        for (String q : List.of("xuong giang", "XƯƠNG GIANG", "Xương Giang")) {
            assertThat(board.query(new SupportBoardQuery(NTM, null, null, q, null, null, null, null), 0, 0).rows())
                    .as(q).extracting(CommuneRow::communeName).containsExactly("Phường Xương Giang");
        }
        assertThat(board.query(new SupportBoardQuery(NTM, "215", null, "bo ha", null, null, null, null), 0, 0).rows())
                .as("a town and a commune share the name; codes tell them apart")
                .extracting(CommuneRow::communeCode).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void the_board_says_what_instant_its_data_is_current_to() {
        assertThat(all().currentTo()).isNotNull().isAfter(AggregateStream.START);
    }

    @Test
    void a_commune_written_before_a_crash_reaches_its_district_and_the_totals_when_the_batch_comes_again() {
        MongoDatabase other = client.getDatabase(Infrastructure.uniqueName("support_board_crash"));
        Watermarks marks = new Watermarks(other);
        SupportBoardProjection projection = new SupportBoardProjection(other, REFERENCE);
        new MovementCatalogueProjection(other).apply(MovementHistory.of(NTM)
                .then(MovementHistory.registered(NTM, "Nông thôn mới", MovementKind.MULTI_YEAR)).events());
        List<DomainEvent> events = AggregateStream.of("CommuneSupport", NTM + "~07225")
                .then(new CommuneSupportAssigned(NTM, "07225", "PTP-213", new AssignmentDecision("1/QĐ", LocalDate.of(2017, 1, 1)),
                        LocalDate.of(2017, 2, 1), false))
                .then(new SupportActivityRecorded(NTM, "07225", "PTP-213", "a", SupportActivityType.OTHER, LocalDate.of(2018, 1, 5), 3, "x"))
                .events();
        // the first delivery stored the commune's row, then the service died before the district and totals
        new vn.thidua.projection.documents.FoldedDocuments(other.getCollection(SupportBoardProjection.COLLECTION), "support board")
                .apply(Map.of(NTM + "~07225", events), (doc, e) -> SupportBoardProjection.fold(REFERENCE, doc, e));
        SupportBoard view = new SupportBoard(other, REFERENCE);
        assertThat(view.query(SupportBoardQuery.of(NTM), 0, 0).province().activities()).isZero();

        projection.apply(events); // the batch again: every event is at or below the commune's version

        SupportBoard.Result after = view.query(new SupportBoardQuery(NTM, "213", null, "xuong giang", null, null, null, null), 0, 10);
        assertThat(after.rows()).hasSize(1);
        assertThat(after.rows().get(0).activityCount()).isEqualTo(1);
        assertThat(after.province().activities()).isEqualTo(1);
        assertThat(after.province().communesSupported()).isEqualTo(1);
        assertThat(after.districts().get(0).totals().communesSupported()).isEqualTo(1);
    }

    @Test
    void a_page_of_a_district_nobody_supports_shows_its_communes_and_zero_totals() {
        String district = REFERENCE.communes().stream().map(Commune::districtCode)
                .filter(code -> EXPECTED.keySet().stream().noneMatch(c -> REFERENCE.commune(c).orElseThrow().districtCode().equals(code)))
                .findFirst().orElseThrow(() -> new AssertionError("the generated history supports every district"));
        SupportBoard.Result page = board.query(new SupportBoardQuery(NTM, district, null, null, null, null, null, null), 0, 10);
        assertThat(page.rows()).isNotEmpty().allSatisfy(r -> assertThat(r.districtCode()).isEqualTo(district));
        assertThat(page.districts()).hasSize(1);
        assertThat(page.districts().get(0).totals().communesSupported()).isEqualTo(0L);
        assertThat(page.province().communesSupported()).isNotEqualTo(0L);
    }
}
