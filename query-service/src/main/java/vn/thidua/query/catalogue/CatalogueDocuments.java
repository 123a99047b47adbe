package vn.thidua.query.catalogue;

import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.MovementKind;
import vn.thidua.events.movement.MovementRegistered;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;

/** The catalogue's stored documents ({@link MovementCatalogueProjection}) read as {@link CatalogueEntry} records: the one place that knows their fields. */
public final class CatalogueDocuments {

    private CatalogueDocuments() {
    }

    public static CatalogueEntry entry(Document d) {
        return new CatalogueEntry(d.getString("code"), d.getString("title"), MovementKind.valueOf(d.getString("kind")),
                provinceOf(d),
                date(d, "periodStart"), date(d, "periodEnd"), legalDocument(d.get("launchingPlan", Document.class)),
                d.getList("legalBasis", Document.class).stream().map(CatalogueDocuments::legalDocument).toList(),
                CatalogueEntry.Status.valueOf(d.getString("status")),
                d.getList("keyTasks", Document.class).stream().map(CatalogueDocuments::keyTask).toList(),
                d.getList("enrolledUnits", Document.class).stream().map(CatalogueDocuments::enrolledUnit).toList(),
                instant(d, "registeredAt"), d.getString("registeredBy"), instant(d, "updatedAt"), number(d, "version"),
                number(d, "lastPosition"),
                d.containsKey("closedOn") ? new CatalogueEntry.Closure(date(d, "closedOn"), d.getString("closingSummary")) : null);
    }

    /** A movement's province; a document written before provinces were tenants has none and is province 24's. */
    public static String provinceOf(Document d) {
        String province = d.getString("provinceCode");
        return province == null ? MovementRegistered.PROVINCE_BEFORE_TENANCY : province;
    }

    /** A movement's last day, {@code null} if its document names none. */
    public static LocalDate periodEndOf(Document d) {
        return date(d, "periodEnd");
    }

    private static CatalogueEntry.LegalDocument legalDocument(Document d) {
        return d == null ? null : new CatalogueEntry.LegalDocument(d.getString("number"), DocumentKind.valueOf(d.getString("kind")),
                d.getString("issuer"), date(d, "issuedOn"), d.getString("title"));
    }

    private static CatalogueEntry.KeyTask keyTask(Document d) {
        List<CatalogueEntry.Indicator> indicators = d.getList("indicators", Document.class).stream()
                .map(i -> new CatalogueEntry.Indicator(i.getString("code"), i.getString("name"), i.getString("unitOfMeasure"),
                        i.get("target", Decimal128.class).bigDecimalValue()))
                .toList();
        return new CatalogueEntry.KeyTask(d.getInteger("taskNo"), d.getString("title"), indicators);
    }

    private static CatalogueEntry.EnrolledUnit enrolledUnit(Document d) {
        return new CatalogueEntry.EnrolledUnit(d.getString("unitId"), date(d, "enrolledOn"), d.getString("pledgedTitle"),
                d.getString("pledges"));
    }

    private static LocalDate date(Document d, String field) {
        String text = d.getString(field);
        return text == null ? null : LocalDate.parse(text);
    }

    private static long number(Document d, String field) {
        return ((Number) d.get(field)).longValue();
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
