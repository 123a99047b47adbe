package vn.thidua.query.taskboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.format.annotation.DateTimeFormat;
import vn.thidua.query.asof.AsOfReports;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.export.Exports;
import vn.thidua.query.export.Table;
import vn.thidua.query.web.Access;
import vn.thidua.query.web.InstantRange;
import static vn.thidua.query.asof.AsOfReports.AS_OF;
import vn.thidua.query.web.Page;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The key-task board (bảng theo dõi nhiệm vụ trọng tâm): tasks × units, completion, ranking; JSON, CSV or XLSX. */
@RestController
@Validated
@RequestMapping("/api/v1/reports/key-tasks")
@Tag(name = "Bảng nhiệm vụ trọng tâm", description = "Key-task board: reported values vs targets, review status, ranking")
class KeyTaskBoardController {

    static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";
    static final String PERIOD = "\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?";
    static final String STATUS = "NOT_REPORTED|SUBMITTED|RETURNED|APPROVED";
    static final String COUNTED = "APPROVED|REPORTED";
    private final KeyTaskBoard board;

    /** What the board reads: the catalogue (tasks, targets, enrolled units) and the key-task board. */
    static final List<String> READS = List.of(MovementCatalogueProjection.NAME, TaskResultsProjection.NAME);
    private final AsOfReports reports;

    KeyTaskBoardController(KeyTaskBoard board, AsOfReports reports) {
        this.board = board;
        this.reports = reports;
    }

    @GetMapping(produces = "application/json")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoard", summary = "Tasks × enrolled units of a movement in a period, with completion, rank and per-task totals",
            description = KeyTaskBoard.RANKING_RULE + " Filters (district, unitId, status of any cell, q = unit name without "
                    + "diacritics or case) select rows; ranks "
                    + "are over all enrolled units. Rows are in rank order, then unit id. Also as text/csv and XLSX. " + AS_OF)
    Map<String, Object> board(@RequestParam @NotBlank @Pattern(regexp = CODE) String movementId,
                              @RequestParam @NotBlank @Pattern(regexp = PERIOD) String period,
                              @RequestParam(required = false) @Pattern(regexp = "\\d{3}") String district,
                              @RequestParam(required = false) @Pattern(regexp = CODE) String unitId,
                              @RequestParam(required = false) @Pattern(regexp = STATUS) String status,
                              @RequestParam(defaultValue = "APPROVED") @Pattern(regexp = COUNTED) String counted,
                              @RequestParam(required = false) @Size(max = 100) String q,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {
        KeyTaskBoard.Filter f = filter(movementId, period, district, unitId, status, counted, q);
        KeyTaskBoard.Result r = reports.read(movementId, asOf, READS, space -> board.query(space, f));
        Map<String, Object> out = new LinkedHashMap<>();
        if (asOf != null) {
            out.put("asOf", asOf.toString());
        }
        out.put("movementId", r.movementId());
        out.put("movementTitle", r.movementTitle());
        out.put("period", r.period());
        out.put("counted", r.counted());
        out.put("rankingRule", KeyTaskBoard.RANKING_RULE);
        out.put("currentTo", r.currentTo() == null ? null : r.currentTo().toString());
        out.put("tasks", r.tasks());
        Page<Map<String, Object>> p = Page.of(r.rows().stream().skip((long) page * size).limit(size).toList(), page, size,
                r.rows().size());
        out.put("items", p.items());
        out.put("page", p.page());
        out.put("size", p.size());
        out.put("totalItems", p.totalItems());
        out.put("totalPages", p.totalPages());
        return out;
    }

    @GetMapping(produces = Exports.CSV)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoard", summary = "The board as CSV (UTF-8 with BOM): one line per unit and task")
    ResponseEntity<byte[]> csv(@RequestParam @NotBlank @Pattern(regexp = CODE) String movementId,
                               @RequestParam @NotBlank @Pattern(regexp = PERIOD) String period,
                               @RequestParam(required = false) @Pattern(regexp = "\\d{3}") String district,
                               @RequestParam(required = false) @Pattern(regexp = CODE) String unitId,
                               @RequestParam(required = false) @Pattern(regexp = STATUS) String status,
                               @RequestParam(defaultValue = "APPROVED") @Pattern(regexp = COUNTED) String counted,
                               @RequestParam(required = false) @Size(max = 100) String q,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {
        return Exports.csv(table(filter(movementId, period, district, unitId, status, counted, q), asOf));
    }

    @GetMapping(produces = Exports.XLSX)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "keyTaskBoard", summary = "The board as an XLSX workbook: one line per unit and task")
    ResponseEntity<byte[]> xlsx(@RequestParam @NotBlank @Pattern(regexp = CODE) String movementId,
                                @RequestParam @NotBlank @Pattern(regexp = PERIOD) String period,
                                @RequestParam(required = false) @Pattern(regexp = "\\d{3}") String district,
                                @RequestParam(required = false) @Pattern(regexp = CODE) String unitId,
                                @RequestParam(required = false) @Pattern(regexp = STATUS) String status,
                                @RequestParam(defaultValue = "APPROVED") @Pattern(regexp = COUNTED) String counted,
                                @RequestParam(required = false) @Size(max = 100) String q,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {
        return Exports.xlsx(table(filter(movementId, period, district, unitId, status, counted, q), asOf));
    }

    /**
     * The filter of a request. The rows are unit-specific (a unit's reported values and review status): a
     * {@code UNIT_REPORTER} reads only its own unit's row, whether or not it names its unit, and asking for another
     * unit is refused ({@code 403}).
     */
    private static KeyTaskBoard.Filter filter(String movementId, String period, String district, String unitId,
                                              String status, String counted, String q) {
        return new KeyTaskBoard.Filter(movementId, period, district, Access.unitScope(unitId), status, counted, q);
    }

    static final Map<String, String> STATUS_NAMES = Map.of("NOT_REPORTED", "Chưa báo cáo", "SUBMITTED", "Đã gửi",
            "RETURNED", "Trả lại", "APPROVED", "Đã duyệt");

    /** One line per unit and task (and its indicators' values), in rank order. */
    @SuppressWarnings("unchecked")
    Table table(KeyTaskBoard.Filter f, Instant asOf) {
        KeyTaskBoard.Result r = reports.read(f.movementId(), asOf, READS, space -> board.query(space, f));
        int indicators = r.tasks().stream().mapToInt(t -> ((List<?>) t.get("indicators")).size()).max().orElse(0);
        List<String> headers = new ArrayList<>(List.of("Xếp hạng", "Mã đơn vị", "Tên đơn vị", "Tỷ lệ hoàn thành của đơn vị",
                "Nhiệm vụ số", "Trạng thái", "Tỷ lệ hoàn thành nhiệm vụ"));
        for (int i = 1; i <= indicators; i++) {
            headers.add("Chỉ tiêu " + i + ": mã");
            headers.add("Chỉ tiêu " + i + ": giá trị báo cáo");
            headers.add("Chỉ tiêu " + i + ": mục tiêu");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : r.rows()) {
            for (Map<String, Object> cell : (List<Map<String, Object>>) row.get("cells")) {
                List<Object> line = new ArrayList<>(List.of(row.get("rank"), row.get("unitId"), row.get("unitName"),
                        row.get("completion"), cell.get("taskNo"), STATUS_NAMES.get((String) cell.get("status")),
                        cell.get("completion")));
                for (Map<String, Object> v : (List<Map<String, Object>>) cell.get("values")) {
                    line.add(v.get("code"));
                    line.add(v.get("value"));
                    line.add(v.get("target"));
                }
                rows.add(line);
            }
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("movementId", f.movementId());
        filters.put("period", f.period());
        filters.put("district", f.district());
        filters.put("unitId", f.unitId());
        filters.put("status", f.status());
        filters.put("counted", r.counted());
        filters.put("asOf", asOf);
        return new Table("Bảng theo dõi nhiệm vụ trọng tâm — " + r.movementTitle() + " — kỳ " + r.period(),
                "bang-nhiem-vu-" + f.movementId() + "-" + f.period(), Exports.given(filters), r.currentTo(), headers, rows);
    }
}
