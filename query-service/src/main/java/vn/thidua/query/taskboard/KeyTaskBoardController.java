package vn.thidua.query.taskboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import vn.thidua.projection.ReadModelSpace;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.projection.asof.AsOfReports;
import vn.thidua.query.access.Access;
import vn.thidua.query.asof.AsOfParameter;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.structure.StructureRegisterProjection;
import vn.thidua.query.export.Exports;
import vn.thidua.query.export.Table;
import vn.thidua.query.paging.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The key-task board (bảng theo dõi nhiệm vụ trọng tâm): tasks × units, completion, ranking; JSON, CSV or XLSX. */
@RestController
@Validated
@RequestMapping("/api/v1/reports/key-tasks")
@Tag(name = "Bảng nhiệm vụ trọng tâm", description = "Key-task board: reported values vs targets, review status, ranking")
class KeyTaskBoardController {

    /** What the board reads: the catalogue (tasks, targets, enrolled units) and the key-task board. */
    static final List<String> READS = List.of(MovementCatalogueProjection.NAME, TaskResultsProjection.NAME,
            StructureRegisterProjection.NAME);
    private final KeyTaskBoard board;
    private final AsOfReports reports;

    KeyTaskBoardController(KeyTaskBoard board, AsOfReports reports) {
        this.board = board;
        this.reports = reports;
    }

    @GetMapping(produces = "application/json")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoard", summary = "Tasks × enrolled units of a movement in a period, with completion, rank and per-task totals",
            description = KeyTaskBoard.RANKING_RULE + " A province's caller reads its own movements and, of the Ministry's "
                    + "sector-wide ones, its own units' rows ranked among themselves; another province's movement is 403. "
                    + "structure=<date> groups the rows by the districts valid on that day (none from 1 July 2025). province=<code>: "
                    + "the rows of that province's units ranked among themselves with its totals, as its own callers read "
                    + "them (the Ministry's filter; a province's caller may name only its own, 403 otherwise). Filters (district, unitId, status of any cell, q = unit name without "
                    + "diacritics or case) select rows; ranks "
                    + "are over all enrolled units. Rows are in rank order, then unit id. Also as text/csv and XLSX. " + AsOfParameter.DESCRIPTION)
    KeyTaskBoardPage board(@Valid @ParameterObject KeyTaskBoardQuery query,
                           @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return KeyTaskBoardPage.of(query.asOf(), read(scoped(query)), page, size);
    }

    @GetMapping(path = "/national", produces = "application/json")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoardNational", summary = "The national roll-up of a movement's board: per province, then per unit",
            description = "For the Ministry's sector-wide movements: each province with its enrolled units, their mean "
                    + "completion, each task's totals, and its units ranked among themselves; provinces by mean completion, "
                    + "highest first. The Ministry's caller (provinceCode BTP) reads every province, a province's caller its "
                    + "own only, a unit's reporter none (403). " + AsOfParameter.DESCRIPTION)
    KeyTaskBoard.NationalRollUp national(@Valid @ParameterObject NationalRollUpQuery query) {
        if (Access.unitScope(null) != null) {
            throw new AccessDeniedException("A UNIT_REPORTER reads its own row, not a roll-up");
        }
        String scope = Access.provinceScope();
        KeyTaskBoardQuery asked = query.board();
        return reports.read(asked.movementId(), asked.asOf(), READS, space -> board.national(space, asked, scope));
    }

    @GetMapping(produces = Exports.CSV)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoard", summary = "The board as CSV (UTF-8 with BOM): one line per unit and task")
    ResponseEntity<byte[]> csv(@Valid @ParameterObject KeyTaskBoardQuery query) {
        return Exports.csv(table(scoped(query)));
    }

    @GetMapping(produces = Exports.XLSX)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoard", summary = "The board as an XLSX workbook: one line per unit and task")
    ResponseEntity<byte[]> xlsx(@Valid @ParameterObject KeyTaskBoardQuery query) {
        return Exports.xlsx(table(scoped(query)));
    }

    /**
     * The query as the caller may ask it. The rows are unit-specific (a unit's reported values and review status): a
     * {@code UNIT_REPORTER} reads only its own unit's row, whether or not it names its unit, and asking for another
     * unit is refused ({@code 403}).
     */
    private static KeyTaskBoardQuery scoped(KeyTaskBoardQuery query) {
        return query.withUnit(Access.unitScope(query.unitId()));
    }

    /** The board as the caller's province may read it ({@link KeyTaskBoard#query(ReadModelSpace, KeyTaskBoardQuery, String)}). */
    private KeyTaskBoard.Result read(KeyTaskBoardQuery query) {
        String scope = Access.provinceScope();
        return reports.read(query.movementId(), query.asOf(), READS, space -> board.query(space, query, scope));
    }

    static String statusName(Cell.Status status) {
        return switch (status) {
            case NOT_REPORTED -> "Chưa báo cáo";
            case SUBMITTED -> "Đã gửi";
            case RETURNED -> "Trả lại";
            case APPROVED -> "Đã duyệt";
        };
    }

    /** One line per unit and task (and its indicators' values), in rank order. */
    Table table(KeyTaskBoardQuery query) {
        KeyTaskBoard.Result r = read(query);
        int indicators = r.tasks().stream().mapToInt(t -> t.indicators().size()).max().orElse(0);
        List<String> headers = new ArrayList<>(List.of("Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tỷ lệ hoàn thành của đơn vị",
                "Nhiệm vụ số", "Trạng thái", "Tỷ lệ hoàn thành nhiệm vụ"));
        for (int i = 1; i <= indicators; i++) {
            headers.add("Chỉ tiêu " + i + ": mã");
            headers.add("Chỉ tiêu " + i + ": giá trị báo cáo");
            headers.add("Chỉ tiêu " + i + ": mục tiêu");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (BoardRow row : r.rows()) {
            for (Cell cell : row.cells()) {
                List<Object> line = new ArrayList<>(List.of(row.rank(), row.unitId(), row.unitName(), row.completion(),
                        cell.taskNo(), statusName(cell.status()), cell.completion()));
                for (Cell.IndicatorValue v : cell.values()) {
                    line.add(v.code());
                    line.add(v.value());
                    line.add(v.target());
                }
                rows.add(line);
            }
        }
        Map<String, String> filters = Exports.shown().filter("movementId", query.movementId()).filter("period", query.period())
                .filter("district", query.district()).filter("unitId", query.unitId()).filter("status", query.status())
                .filter("counted", r.counted()).filter("asOf", query.asOf()).filter("structure", query.structure())
                .filter("province", query.province()).filters();
        return new Table("Bảng theo dõi nhiệm vụ trọng tâm — " + r.movementTitle() + " — kỳ " + r.period(),
                "bang-nhiem-vu-" + query.movementId() + "-" + query.period(), filters, r.currentTo(), headers, rows);
    }
}
