package vn.thidua.query.taskboard;

import org.bson.Document;
import org.bson.types.Decimal128;
import vn.thidua.projection.documents.MergedDocuments;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The cells of a period's board document ({@link TaskResultsProjection#BOARDS}) read as records: the one place that
 * knows their fields.
 */
final class KeyTaskBoardDocuments {

    private KeyTaskBoardDocuments() {
    }

    /**
     * A unit's stored result for one task: its review status, its latest value per indicator code, its corrections.
     */
    record StoredCell(Cell.Status status, Map<String, BigDecimal> values, Integer corrections) {
    }

    /** The cells of the board by {@link TaskResultsProjection#cellKey}; none when the period has no board yet. */
    static Map<String, StoredCell> cells(Document board) {
        Map<String, StoredCell> cells = new HashMap<>();
        if (board != null) {
            board.get(MergedDocuments.ENTRIES, Document.class).forEach((key, cell) -> cells.put(key, cell((Document) cell)));
        }
        return cells;
    }

    private static StoredCell cell(Document cell) {
        Map<String, BigDecimal> values = new HashMap<>();
        for (Document v : cell.getList("values", Document.class)) {
            values.put(v.getString("code"), v.get("value", Decimal128.class).bigDecimalValue());
        }
        return new StoredCell(Cell.Status.valueOf(cell.getString("status")), values, cell.getInteger("corrections"));
    }
}
