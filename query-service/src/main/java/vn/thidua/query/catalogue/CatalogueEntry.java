package vn.thidua.query.catalogue;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import vn.thidua.events.movement.DocumentKind;
import vn.thidua.events.movement.MovementKind;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One movement of the catalogue as the report API shows it: its legal basis, status, key tasks with their indicators
 * and targets, the enrolled units; when and by whom it was registered; the sequence and global position of the last
 * event applied ({@code version}, {@code lastPosition}); and, once closed, when and with what summary.
 *
 * @param provinceCode whose movement it is: a province's GSO code ({@code 24}) or {@code BTP} for the Ministry's
 *                     sector-wide movements (a movement registered before provinces were tenants is province 24's)
 * @param closure {@code null} while the movement is open: then neither {@code closedOn} nor {@code closingSummary}
 *                is in the JSON
 */
public record CatalogueEntry(String code, String title, MovementKind kind, String provinceCode, LocalDate periodStart, LocalDate periodEnd,
                             LegalDocument launchingPlan, List<LegalDocument> legalBasis, Status status,
                             List<KeyTask> keyTasks, List<EnrolledUnit> enrolledUnits, Instant registeredAt,
                             String registeredBy, Instant updatedAt, long version, long lastPosition,
                             @JsonUnwrapped Closure closure) {

    public enum Status { OPEN, CLOSED }

    /** The same entry listing only the enrolled units a caller of a province may see (its own). */
    public CatalogueEntry withEnrolledUnits(List<EnrolledUnit> units) {
        return new CatalogueEntry(code, title, kind, provinceCode, periodStart, periodEnd, launchingPlan, legalBasis, status,
                keyTasks, List.copyOf(units), registeredAt, registeredBy, updatedAt, version, lastPosition, closure);
    }

    /** A plan, decision or other document the movement rests on. */
    public record LegalDocument(String number, DocumentKind kind, String issuer, LocalDate issuedOn, String title) {
    }

    /** A key task with the indicators its results report against. */
    public record KeyTask(int taskNo, String title, List<Indicator> indicators) {
    }

    /** What a key task measures, and the target a unit's value is compared with. */
    public record Indicator(String code, String name, String unitOfMeasure, BigDecimal target) {
    }

    /** A unit taking part, with what it pledged (either may be {@code null}). */
    public record EnrolledUnit(String unitId, LocalDate enrolledOn, String pledgedTitle, String pledges) {
    }

    /** How a movement was closed; the summary may be {@code null}. */
    public record Closure(LocalDate closedOn, String closingSummary) {
    }
}
