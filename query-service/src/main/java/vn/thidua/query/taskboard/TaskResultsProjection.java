package vn.thidua.query.taskboard;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.events.result.IndicatorValue;
import vn.thidua.events.result.TaskResultApproved;
import vn.thidua.events.result.TaskResultCorrected;
import vn.thidua.events.result.TaskResultRecorded;
import vn.thidua.events.result.TaskResultReturned;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.Watermarks;
import vn.thidua.projection.documents.FoldedDocuments;
import vn.thidua.projection.documents.MergedDocuments;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of the key-task board ({@code task_results}): one document per task result
 * ({@code TDTN-2018~3~PTP-213~2018-Q2}, the {@code TaskResult} aggregate's id) with its latest values, evidence and
 * review status. The board (tasks × units, completion, ranking) is assembled from these by the query, with the
 * targets of the movement catalogue.
 */
public class TaskResultsProjection implements Projection {

    public static final String COLLECTION = "task_results";
    /** One document per movement and period gathering the cells of every unit and task: what a board page reads. */
    public static final String BOARDS = "key_task_boards";
    /** The revision of each board ({@code MergedDocuments} heads): what a query reads to know its kept ranking is current. */
    public static final String BOARD_HEADS = "key_task_board_heads";
    public static final String NAME = "key-task-board";
    /** The key-task board as the runtime knows it: its name, its collections (rebuilt together), one writing into a space. */
    public static final ProjectionDefinition DEFINITION = new ProjectionDefinition(NAME,
            List.of(COLLECTION, BOARDS, BOARD_HEADS), TaskResultsProjection::new);

    private final FoldedDocuments documents;
    private final MergedDocuments boards;
    private final Watermarks watermarks;

    public TaskResultsProjection(MongoDatabase database) {
        this(ReadModelSpace.of(database));
    }

    public TaskResultsProjection(ReadModelSpace space) {
        this.documents = new FoldedDocuments(space.collection(COLLECTION), "task result");
        this.boards = new MergedDocuments(space.collection(BOARDS), "key-task board", space.collection(BOARD_HEADS), List.of());
        this.watermarks = space.watermarks();
    }

    public static String boardId(String movementId, String period) {
        return movementId + "~" + period;
    }

    public static String cellKey(String unitId, int taskNo) {
        return unitId + "~" + taskNo;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(List<DomainEvent> events) {
        Map<String, List<DomainEvent>> byResult = new LinkedHashMap<>();
        List<DomainEvent> applied = new ArrayList<>();
        for (DomainEvent e : events) {
            if (isResultEvent(e.payload())) {
                byResult.computeIfAbsent(e.aggregateId(), id -> new ArrayList<>()).add(e);
                applied.add(e);
            }
        }
        Map<String, Document> results = documents.apply(byResult, TaskResultsProjection::fold);
        // every touched result (written now or before a crash) goes to its period's board; older versions are ignored
        Map<String, Map<String, Document>> cells = new LinkedHashMap<>();
        results.values().forEach(r -> cells
                .computeIfAbsent(boardId(r.getString("movementId"), r.getString("period")), id -> new LinkedHashMap<>())
                .put(cellKey(r.getString("unitId"), r.getInteger("taskNo")), cell(r)));
        boards.merge(cells, (id, board) -> { });
        watermarks.advance(NAME, applied);
    }

    public static boolean isResultEvent(Object payload) {
        return payload instanceof TaskResultRecorded || payload instanceof TaskResultCorrected
                || payload instanceof TaskResultApproved || payload instanceof TaskResultReturned;
    }

    /** The result document after one more event: the projection's whole logic (also what the audit playback folds). */
    public static Document fold(Document doc, DomainEvent e) {
        Object payload = e.payload();
        if (payload instanceof TaskResultRecorded r) {
            doc = new Document("movementId", r.movementId()).append("taskNo", r.taskNo()).append("unitId", r.unitId())
                    .append("period", r.period()).append("values", values(r.values())).append("evidence", r.evidence())
                    .append("status", "SUBMITTED").append("corrections", 0).append("recordedAt", Date.from(e.timestamp()))
                    .append("reportedBy", e.metadata().get("subject"));
        } else if (payload instanceof TaskResultCorrected c) {
            doc.put("values", values(c.values()));
            doc.put("evidence", c.evidence());
            doc.put("status", "SUBMITTED");
            doc.put("corrections", doc.getInteger("corrections") + 1);
            doc.put("lastCorrectionReason", c.reason());
        } else if (payload instanceof TaskResultApproved a) {
            doc.put("status", "APPROVED");
            doc.put("reviewNote", a.note());
            doc.put("reviewedBy", e.metadata().get("subject"));
        } else if (payload instanceof TaskResultReturned r) {
            doc.put("status", "RETURNED");
            doc.put("returnReason", r.reason());
            doc.put("reviewedBy", e.metadata().get("subject"));
        }
        doc.put("updatedAt", Date.from(e.timestamp()));
        return doc;
    }

    private static Document cell(Document result) {
        return new Document("unitId", result.getString("unitId")).append("taskNo", result.getInteger("taskNo"))
                .append("status", result.getString("status")).append("values", result.get("values"))
                .append("corrections", result.getInteger("corrections")).append("version", result.getLong("version"));
    }

    private static List<Document> values(List<IndicatorValue> values) {
        return values.stream().map(v -> new Document("code", v.code()).append("value", new Decimal128(v.value()))).toList();
    }
}
