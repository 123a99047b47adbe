package vn.thidua.query.supportboard;

import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals of the commune support board, kept per district (over its commune rows) and per movement (the sum of
 * its districts): communes, communes supported now, ever supported, activities, and per year the communes assessed
 * against criterion 18.5 and those that passed.
 */
final class SupportTotals {

    private SupportTotals() {
    }

    /** Totals of one district from its commune rows; {@code communes} counts every commune of the district. */
    static Document ofRows(Collection<Document> rows, int communes) {
        long supported = 0;
        long ever = 0;
        long activities = 0;
        Map<Integer, long[]> years = new TreeMap<>();
        for (Document row : rows) {
            List<Document> supporters = row.getList("supporters", Document.class);
            ever += supporters.isEmpty() ? 0 : 1;
            supported += supporters.stream().anyMatch(s -> s.get("until") == null) ? 1 : 0;
            activities += row.getInteger("activityCount");
            for (Document a : row.getList("assessments", Document.class)) {
                long[] y = years.computeIfAbsent(a.getInteger("year"), k -> new long[2]);
                y[0]++;
                y[1] += a.getBoolean("passed") ? 1 : 0;
            }
        }
        return totals(communes, supported, ever, activities, years);
    }

    /** The sum of district totals. */
    static Document sum(Collection<Document> districts) {
        long communes = 0;
        long supported = 0;
        long ever = 0;
        long activities = 0;
        Map<Integer, long[]> years = new TreeMap<>();
        for (Document t : districts) {
            communes += t.getLong("communes");
            supported += t.getLong("communesSupported");
            ever += t.getLong("communesEverSupported");
            activities += t.getLong("activities");
            for (Document y : t.getList("criterion185", Document.class)) {
                long[] sum = years.computeIfAbsent(y.getInteger("year"), k -> new long[2]);
                sum[0] += y.getLong("assessed");
                sum[1] += y.getLong("passed");
            }
        }
        return totals(communes, supported, ever, activities, years);
    }

    private static Document totals(long communes, long supported, long ever, long activities, Map<Integer, long[]> years) {
        List<Document> perYear = new ArrayList<>();
        years.forEach((year, y) -> perYear.add(new Document("year", year).append("assessed", y[0]).append("passed", y[1])));
        return new Document("communes", communes).append("communesSupported", supported)
                .append("communesEverSupported", ever).append("activities", activities).append("criterion185", perYear);
    }
}
