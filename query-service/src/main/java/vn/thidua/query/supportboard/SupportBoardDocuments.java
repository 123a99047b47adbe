package vn.thidua.query.supportboard;

import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.documents.MergedDocuments;
import vn.thidua.reference.Commune;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The support board's stored documents ({@link SupportBoardProjection}) read as records — commune rows and totals —
 * and the fields a page navigates (a district's rows, a document's totals): the one place that knows them.
 */
final class SupportBoardDocuments {

    private SupportBoardDocuments() {
    }

    /** The district a district document gathers the rows of. */
    static String districtCode(Document district) {
        return district.getString("districtCode");
    }

    /** The commune rows a district document gathers, by commune code. */
    static Map<String, Document> rows(Document district) {
        Map<String, Document> rows = new HashMap<>();
        district.get(MergedDocuments.ENTRIES, Document.class).forEach((code, row) -> rows.put(code, (Document) row));
        return rows;
    }

    /** The communes a unit's document lists (those it supports or supported), {@code null} without a document. */
    static Set<String> communesOfUnit(Document unit) {
        return unit == null ? null : unit.get(MergedDocuments.ENTRIES, Document.class).keySet();
    }

    /**
     * The totals of a district as its movement's document has them (they can be a moment behind the district's own),
     * over {@code communes} communes; zero totals without them.
     */
    static BoardTotals totalsInMovement(Document movement, String districtCode, long communes) {
        Document districts = movement == null ? null : movement.get(MergedDocuments.ENTRIES, Document.class);
        return totals(districts == null ? null : districts.get(districtCode, Document.class), communes);
    }

    /**
     * The stored totals of a document that has them (a district's, a movement's or its head), over {@code communes}
     * communes (each year's share of communes passing is of these); zero totals without them.
     */
    static BoardTotals totals(Document holder, long communes) {
        Document totals = holder == null ? null : holder.get("totals", Document.class);
        if (totals == null) {
            return new BoardTotals(communes, 0, 0, 0, List.of());
        }
        List<BoardTotals.YearTotals> years = totals.getList("criterion185", Document.class).stream()
                .map(y -> new BoardTotals.YearTotals(y.getInteger("year"), number(y, "assessed"), number(y, "passed"),
                        communes == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(number(y, "passed"))
                                .divide(BigDecimal.valueOf(communes), 4, RoundingMode.HALF_UP)))
                .toList();
        return new BoardTotals(communes, number(totals, "communesSupported"), number(totals, "communesEverSupported"),
                number(totals, "activities"), years);
    }

    /** The row of a commune of the reference lists, from its stored row ({@code null}: nothing happened to it yet). */
    static CommuneRow row(Commune commune, String districtName, Document stored) {
        return row(commune.code(), commune.name(), commune.type(), commune.districtCode(), districtName, stored);
    }

    /** The row of a commune, from its stored row ({@code null}: nothing happened to it yet). */
    static CommuneRow row(String code, String name, String type, String districtCode, String districtName, Document stored) {
        if (stored == null) {
            return new CommuneRow(code, name, type, districtCode, districtName, List.of(), List.of(), List.of(), 0, null, List.of());
        }
        List<CommuneRow.Supporter> supporters = stored.getList("supporters", Document.class).stream()
                .map(SupportBoardDocuments::supporter).toList();
        return new CommuneRow(code, name, type, districtCode, districtName, supporters,
                supporters.stream().filter(s -> s.until() == null).map(CommuneRow.Supporter::unitId).toList(),
                stored.getList("activities", Document.class).stream().map(SupportBoardDocuments::activities).toList(),
                stored.getInteger("activityCount", 0), date(stored, "latestActivity"),
                stored.getList("assessments", Document.class).stream().map(SupportBoardDocuments::assessment).toList());
    }

    private static CommuneRow.Supporter supporter(Document s) {
        Document decision = s.get("decision", Document.class);
        return new CommuneRow.Supporter(s.getString("unitId"), s.getString("unitName"), date(s, "since"), date(s, "until"),
                s.getBoolean("shared", false), decision == null ? null
                : new CommuneRow.Decision(decision.getString("number"), date(decision, "issuedOn")));
    }

    private static CommuneRow.Activities activities(Document a) {
        return new CommuneRow.Activities(SupportActivityType.valueOf(a.getString("type")), a.getInteger("count"),
                a.getInteger("participants"), date(a, "latest"));
    }

    private static CommuneRow.Assessment assessment(Document a) {
        Document s = a.get("scores", Document.class);
        return new CommuneRow.Assessment(a.getInteger("year"), new CommuneRow.Scores(decimal(s, "tc1"), decimal(s, "tc2"),
                decimal(s, "tc3"), decimal(s, "tc4"), decimal(s, "tc5")), decimal(a, "total"),
                a.getBoolean("noOfficialDisciplined"), a.getBoolean("passed"), a.getString("ruleVersion"), date(a, "assessedOn"));
    }

    private static long number(Document d, String field) {
        return ((Number) d.get(field)).longValue();
    }

    private static BigDecimal decimal(Document d, String field) {
        Decimal128 value = d.get(field, Decimal128.class);
        return value == null ? null : value.bigDecimalValue();
    }

    private static LocalDate date(Document d, String field) {
        String text = d.getString(field);
        return text == null ? null : LocalDate.parse(text);
    }
}
