package vn.thidua.query.supportboard;

import org.bson.Document;
import vn.thidua.query.text.Folding;
import vn.thidua.reference.Level;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;
import vn.thidua.reference.StructureUnit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The support board in the structure valid on a day ({@code structure=<date>}, or the day of a board whose communes
 * are no longer the lists the deployment starts with): a row for every commune of the provinces shown valid that day,
 * province by province, in district and code order (after 1 July 2025 there are no districts). Each stored commune
 * row goes to the commune(s) its code became by that day through the register's {@code formed_from} (itself while it
 * lasts): its supporters and activities are rolled into theirs. Criterion 18.5 is never summed: a commune's
 * assessments are its own (of the years since it was formed); those of the communes it was formed from are listed
 * under {@code predecessors}, with their own years. A commune split into several goes to each of them.
 */
final class StructureRollUp {

    private StructureRollUp() {
    }

    /**
     * The rows of a day, and the communes whose recorded history has no place on it: they ended with no successor in
     * the register (e.g. merged by a change that was never imported as a version), so no row of that day holds it.
     */
    record Rolled(List<CommuneRow> rows, List<CommuneRow.Predecessor> withoutSuccessor) {
    }

    /**
     * Every row of the provinces on the day, province by province in the order given, from the stored rows of the
     * movement by commune code (rows of other provinces' communes are rolled into no row shown).
     */
    static Rolled rolled(StructureHistory history, List<String> provinces, LocalDate day, Map<String, Document> stored) {
        List<CommuneRow.Predecessor> withoutSuccessor = new ArrayList<>();
        Map<String, List<String>> sourcesOf = new HashMap<>();
        stored.keySet().stream().sorted().forEach(code -> {
            Set<String> targets = new LinkedHashSet<>();
            for (StructureUnit meaning : history.meanings(StructureList.ADMIN_UNITS, code)) {
                if (meaning.level() == Level.COMMUNE && (meaning.from() == null || !meaning.from().isAfter(day))) {
                    history.successorsOn(meaning, day).forEach(s -> targets.add(s.code()));
                }
            }
            targets.forEach(t -> sourcesOf.computeIfAbsent(t, k -> new ArrayList<>()).add(code));
            StructureUnit last = history.latest(StructureList.ADMIN_UNITS, code).orElse(null);
            if (targets.isEmpty() && last != null && provinces.contains(last.provinceCode()) && last.until() != null
                    && last.until().isBefore(day)) {
                CommuneRow lost = SupportBoardDocuments.row(code, last.name(), last.type(), null, null, stored.get(code));
                withoutSuccessor.add(new CommuneRow.Predecessor(code, last.name(), last.until(), lost.activityCount(),
                        lost.assessments()));
            }
        });
        List<CommuneRow> rows = new ArrayList<>();
        for (String province : provinces) {
            List<CommuneRow> ofProvince = new ArrayList<>();
            for (StructureUnit commune : history.unitsOn(StructureList.ADMIN_UNITS, province, day, Level.COMMUNE)) {
                StructureUnit district = history.on(StructureList.ADMIN_UNITS, commune.parent(), day)
                        .filter(p -> p.level() == Level.DISTRICT).orElse(null);
                ofProvince.add(row(history, commune, district, sourcesOf.getOrDefault(commune.code(), List.of()), stored));
            }
            ofProvince.sort(Comparator.comparing((CommuneRow r) -> r.districtCode() == null ? "" : r.districtCode())
                    .thenComparing(CommuneRow::communeCode));
            rows.addAll(ofProvince);
        }
        return new Rolled(rows, List.copyOf(withoutSuccessor));
    }

    private static CommuneRow row(StructureHistory history, StructureUnit commune, StructureUnit district, List<String> sources,
                                  Map<String, Document> stored) {
        String districtCode = district == null ? null : district.code();
        String districtName = district == null ? null : district.name();
        CommuneRow own = SupportBoardDocuments.row(commune.code(), commune.name(), commune.type(), districtCode, districtName,
                sources.contains(commune.code()) ? stored.get(commune.code()) : null);
        int firstOwnYear = commune.from() == null ? Integer.MIN_VALUE : commune.from().getYear();
        List<CommuneRow.Assessment> ownAssessments = own.assessments().stream().filter(a -> a.year() >= firstOwnYear).toList();
        List<CommuneRow.Supporter> supporters = new ArrayList<>(own.supporters());
        Map<Object, CommuneRow.Activities> activities = new LinkedHashMap<>();
        own.activities().forEach(a -> activities.put(a.type(), a));
        int activityCount = own.activityCount();
        LocalDate latest = own.latestActivity();
        List<CommuneRow.Predecessor> predecessors = new ArrayList<>();
        for (String code : sources) {
            boolean itself = code.equals(commune.code());
            CommuneRow source = itself ? own : SupportBoardDocuments.row(code, code, null, null, null, stored.get(code));
            if (!itself) {
                supporters.addAll(source.supporters());
                for (CommuneRow.Activities a : source.activities()) {
                    activities.merge(a.type(), a, (x, y) -> new CommuneRow.Activities(x.type(), x.count() + y.count(),
                            x.participants() + y.participants(), later(x.latest(), y.latest())));
                }
                activityCount += source.activityCount();
                latest = later(latest, source.latestActivity());
            }
            List<CommuneRow.Assessment> theirs = itself
                    ? source.assessments().stream().filter(a -> a.year() < firstOwnYear).toList() : source.assessments();
            if (!itself || !theirs.isEmpty()) {
                StructureUnit before = history.meanings(StructureList.ADMIN_UNITS, code).stream()
                        .filter(m -> m.until() != null && (commune.from() == null || m.until().isBefore(commune.from())))
                        .reduce((a, b) -> b).orElse(null);
                predecessors.add(new CommuneRow.Predecessor(code, before == null ? code : before.name(),
                        before == null ? null : before.until(), itself ? 0 : source.activityCount(), theirs));
            }
        }
        if (supporters.size() == own.supporters().size() && activityCount == own.activityCount()) {
            // nothing rolled in: the commune's own row, as the board of the lists it starts with shows it
            return new CommuneRow(own.communeCode(), own.communeName(), own.communeType(), districtCode, districtName,
                    own.supporters(), own.activeSupporters(), own.activities(), own.activityCount(), own.latestActivity(),
                    ownAssessments, predecessors.isEmpty() ? null : List.copyOf(predecessors));
        }
        supporters.sort(Comparator.comparing(CommuneRow.Supporter::since).thenComparing(CommuneRow.Supporter::unitId));
        return new CommuneRow(commune.code(), commune.name(), commune.type(), districtCode, districtName, List.copyOf(supporters),
                supporters.stream().filter(s -> s.until() == null).map(CommuneRow.Supporter::unitId).distinct().toList(),
                List.copyOf(activities.values()), activityCount, latest, ownAssessments,
                predecessors.isEmpty() ? null : List.copyOf(predecessors));
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /** The totals over rows, each commune counted once, criterion 18.5 by its own assessments. */
    static BoardTotals totals(List<CommuneRow> rows) {
        long supported = rows.stream().filter(r -> !r.activeSupporters().isEmpty()).count();
        long ever = rows.stream().filter(r -> !r.supporters().isEmpty()).count();
        long activities = rows.stream().mapToLong(CommuneRow::activityCount).sum();
        Map<Integer, long[]> years = new TreeMap<>();
        rows.forEach(r -> r.assessments().forEach(a -> {
            long[] y = years.computeIfAbsent(a.year(), k -> new long[2]);
            y[0]++;
            y[1] += a.passed() ? 1 : 0;
        }));
        List<BoardTotals.YearTotals> perYear = new ArrayList<>();
        years.forEach((year, y) -> perYear.add(new BoardTotals.YearTotals(year, y[0], y[1], rows.isEmpty() ? BigDecimal.ZERO
                : BigDecimal.valueOf(y[1]).divide(BigDecimal.valueOf(rows.size()), 4, RoundingMode.HALF_UP))));
        return new BoardTotals(rows.size(), supported, ever, activities, List.copyOf(perYear));
    }

    /** Whether a row passes the name filter (words of its name without diacritics or case). */
    static boolean named(CommuneRow row, String folded) {
        return folded == null || Folding.fold(row.communeName()).contains(folded);
    }
}
