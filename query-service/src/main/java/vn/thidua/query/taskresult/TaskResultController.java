package vn.thidua.query.taskresult;

import com.mongodb.client.model.Filters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import vn.thidua.query.structure.Structures;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.projection.generation.Generations;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.query.taskboard.TaskResultsProjection;
import vn.thidua.query.access.Access;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * One task result as the key-task board's projection holds it, with what the board's cell leaves out: the evidence,
 * the province's latest return reason and review note, the unit's latest correction reason. The reporting page shows
 * a unit why its result came back; the review page what the unit sent.
 */
@RestController
@Validated
@RequestMapping("/api/v1/reports/task-results")
@Tag(name = "Kết quả thực hiện nhiệm vụ", description = "One unit's result for one key task and period, with its review")
class TaskResultController {

    static final String RESULT_ID = "[A-Z0-9][A-Z0-9-]{1,39}~\\d{1,2}~[A-Z0-9][A-Z0-9-]{1,39}~\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?";
    private final Generations generations;
    private final Structures structures;

    TaskResultController(Generations generations, Structures structures) {
        this.generations = generations;
        this.structures = structures;
    }

    /** A reported indicator value. */
    record Value(String code, BigDecimal value) {
    }

    /**
     * @param status               {@code SUBMITTED}, {@code RETURNED} or {@code APPROVED}
     * @param corrections          how many times the unit corrected it
     * @param lastCorrectionReason the unit's reason for its latest correction
     * @param returnReason         the province's reason for the latest return (kept after a correction)
     * @param reviewNote           the province's note when it approved
     * @param currentTo            the recording time of the latest event the key-task board includes
     */
    record TaskResultView(String resultId, String movementId, int taskNo, String unitId, String period, String status,
                          List<Value> values, String evidence, int corrections, String lastCorrectionReason,
                          String returnReason, String reviewNote, Instant recordedAt, Instant updatedAt,
                          Instant currentTo) {
    }

    @GetMapping(path = "/{resultId}", produces = "application/json")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "taskResult", summary = "One unit's result for one key task and period: values, evidence, review",
            description = "The id is movement~task~unit~period. A UNIT_REPORTER reads its own unit's results only, decided "
                    + "from the id before any lookup (403 whether or not another unit's result exists); a province's caller "
                    + "its own province's units' results, decided the same way.")
    TaskResultView result(@PathVariable @Pattern(regexp = RESULT_ID) String resultId) {
        String unitId = resultId.split("~")[2];
        Access.unitScope(unitId);
        String scope = Access.provinceScope();
        if (scope != null && !scope.equals(structures.provinceOfUnit(unitId))) {
            throw new AccessDeniedException("Unit %s is not of province %s".formatted(unitId, scope));
        }
        ReadModelSpace space = generations.live();
        Document doc = space.collection(TaskResultsProjection.COLLECTION).find(Filters.eq("_id", resultId)).first();
        if (doc == null) {
            throw new TaskResultNotFound(resultId);
        }
        return new TaskResultView(resultId, doc.getString("movementId"), doc.getInteger("taskNo"), doc.getString("unitId"),
                doc.getString("period"), doc.getString("status"),
                doc.getList("values", Document.class).stream()
                        .map(v -> new Value(v.getString("code"), v.get("value", Decimal128.class).bigDecimalValue())).toList(),
                doc.getString("evidence"), doc.getInteger("corrections", 0), doc.getString("lastCorrectionReason"),
                doc.getString("returnReason"), doc.getString("reviewNote"), instant(doc.getDate("recordedAt")),
                instant(doc.getDate("updatedAt")), space.watermarks().currentTo(TaskResultsProjection.NAME).orElse(null));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
