package vn.thidua.query.supportboard;

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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The commune support board (bảng theo dõi giúp đỡ xã xây dựng nông thôn mới), as JSON, CSV or XLSX. */
@RestController
@Validated
@RequestMapping("/api/v1/reports/communes")
@Tag(name = "Bảng giúp đỡ xã", description = "Commune support board: supporters, activities, criterion 18.5, totals")
class SupportBoardController {

    static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";
    static final String STATUS = "SUPPORTED|UNSUPPORTED|PASSED|FAILED|NOT_ASSESSED";
    /** What the board reads: the catalogue (the movement's title) and the support board. */
    static final List<String> READS = List.of(MovementCatalogueProjection.NAME, SupportBoardProjection.NAME);
    private final SupportBoard board;
    private final AsOfReports reports;

    SupportBoardController(SupportBoard board, AsOfReports reports) {
        this.board = board;
        this.reports = reports;
    }

    @GetMapping(produces = "application/json")
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "supportBoard", summary = "One row per commune of the movement, with totals per district and for the province",
            description = "Filters: district (GSO code), unitId (a supporting unit, current or past), q (commune name, "
                    + "diacritics- and case-insensitive), status (SUPPORTED/UNSUPPORTED now; PASSED/FAILED/NOT_ASSESSED "
                    + "criterion 18.5 in `year`). Rows are in district and commune code order. `province` totals cover the "
                    + "whole movement whatever the filters; `districts` gives the totals of the districts on the page. "
                    + "Also as text/csv and XLSX (Accept header). " + AS_OF)
    Map<String, Object> board(@RequestParam @NotBlank @Pattern(regexp = CODE) String movementId,
                              @RequestParam(required = false) @Pattern(regexp = "\\d{3}") String district,
                              @RequestParam(required = false) @Pattern(regexp = CODE) String unitId,
                              @RequestParam(required = false) @Size(max = 100) String q,
                              @RequestParam(required = false) @Min(2000) @Max(2100) Integer year,
                              @RequestParam(required = false) @Pattern(regexp = STATUS) String status,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {
        SupportBoard.Filter f = filter(movementId, district, unitId, q, year, status);
        SupportBoard.Result r = reports.read(movementId, asOf, READS, space -> board.query(space, f, page, size));
        Map<String, Object> out = new LinkedHashMap<>();
        if (asOf != null) {
            out.put("asOf", asOf.toString());
        }
        out.put("movementId", r.movementId());
        out.put("movementTitle", r.movementTitle());
        out.put("currentTo", r.currentTo() == null ? null : r.currentTo().toString());
        out.put("province", r.province());
        out.put("districts", r.districts());
        Page<Map<String, Object>> p = Page.of(r.rows(), page, size, r.matching());
        out.put("items", p.items());
        out.put("page", p.page());
        out.put("size", p.size());
        out.put("totalItems", p.totalItems());
        out.put("totalPages", p.totalPages());
        return out;
    }

    @GetMapping(produces = Exports.CSV)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "supportBoard", summary = "The board as CSV (UTF-8 with BOM), every matching row")
    ResponseEntity<byte[]> csv(@RequestParam @NotBlank @Pattern(regexp = CODE) String movementId,
                               @RequestParam(required = false) @Pattern(regexp = "\\d{3}") String district,
                               @RequestParam(required = false) @Pattern(regexp = CODE) String unitId,
                               @RequestParam(required = false) @Size(max = 100) String q,
                               @RequestParam(required = false) @Min(2000) @Max(2100) Integer year,
                               @RequestParam(required = false) @Pattern(regexp = STATUS) String status,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {
        return Exports.csv(table(filter(movementId, district, unitId, q, year, status), asOf));
    }

    @GetMapping(produces = Exports.XLSX)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "supportBoard", summary = "The board as an XLSX workbook, every matching row")
    ResponseEntity<byte[]> xlsx(@RequestParam @NotBlank @Pattern(regexp = CODE) String movementId,
                                @RequestParam(required = false) @Pattern(regexp = "\\d{3}") String district,
                                @RequestParam(required = false) @Pattern(regexp = CODE) String unitId,
                                @RequestParam(required = false) @Size(max = 100) String q,
                                @RequestParam(required = false) @Min(2000) @Max(2100) Integer year,
                                @RequestParam(required = false) @Pattern(regexp = STATUS) String status,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @InstantRange Instant asOf) {
        return Exports.xlsx(table(filter(movementId, district, unitId, q, year, status), asOf));
    }

    /**
     * The filter of a request. The rows are unit-specific (who supports a commune, its activities): a
     * {@code UNIT_REPORTER} reads only the communes its unit supports or supported, whether or not it names its unit,
     * and asking for another unit is refused ({@code 403}).
     */
    private static SupportBoard.Filter filter(String movementId, String district, String unitId, String q, Integer year,
                                              String status) {
        return new SupportBoard.Filter(movementId, district, Access.unitScope(unitId), q, year, status);
    }

    static final List<String> ACTIVITY_TYPES = List.of("LEGAL_DISSEMINATION", "MEDIATOR_TRAINING", "LEGAL_BOOKCASE",
            "CIVIL_STATUS", "ACCESS_TO_LAW_REVIEW", "OTHER");

    /** The rows as a table: one line per commune; activities per type; 18.5 per year present in the data. */
    Table table(SupportBoard.Filter f, Instant asOf) {
        SupportBoard.Result r = reports.read(f.movementId(), asOf, READS, space -> board.query(space, f, 0, 0));
        List<Integer> years = r.rows().stream().flatMap(row -> SupportBoard.assessments(row).stream())
                .map(a -> ((Number) a.get("year")).intValue()).distinct().sorted().toList();
        List<String> headers = new ArrayList<>(List.of("Mã xã", "Tên xã", "Mã huyện", "Huyện", "Đơn vị giúp đỡ",
                "Giúp đỡ từ ngày", "Tổng số hoạt động", "Hoạt động gần nhất"));
        Map<String, String> typeNames = Map.of("LEGAL_DISSEMINATION", "Tuyên truyền PBGDPL", "MEDIATOR_TRAINING",
                "Tập huấn hòa giải viên", "LEGAL_BOOKCASE", "Tủ sách pháp luật", "CIVIL_STATUS", "Hộ tịch, chứng thực",
                "ACCESS_TO_LAW_REVIEW", "Rà soát tiếp cận pháp luật", "OTHER", "Hoạt động khác");
        ACTIVITY_TYPES.forEach(t -> headers.add("Số hoạt động: " + typeNames.get(t)));
        for (int y : years) {
            headers.add("Tiêu chí 18.5 năm " + y + ": tổng điểm");
            headers.add("Tiêu chí 18.5 năm " + y + ": đạt");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : r.rows()) {
            List<Object> line = new ArrayList<>();
            line.add(row.get("communeCode"));
            line.add(row.get("communeName"));
            line.add(row.get("districtCode"));
            line.add(row.get("districtName"));
            List<Map<String, Object>> active = SupportBoard.supporters(row).stream().filter(s -> s.get("until") == null).toList();
            line.add(active.stream().map(s -> String.valueOf(s.get("unitName"))).collect(Collectors.joining("; ")));
            line.add(active.stream().map(s -> String.valueOf(s.get("since"))).collect(Collectors.joining("; ")));
            line.add(row.get("activityCount"));
            line.add(row.get("latestActivity"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> activities = (List<Map<String, Object>>) row.get("activities");
            for (String t : ACTIVITY_TYPES) {
                line.add(activities.stream().filter(a -> t.equals(a.get("type"))).map(a -> a.get("count")).findFirst().orElse(0));
            }
            for (int y : years) {
                Map<String, Object> a = SupportBoard.assessments(row).stream()
                        .filter(x -> ((Number) x.get("year")).intValue() == y).findFirst().orElse(null);
                line.add(a == null ? null : (BigDecimal) a.get("total"));
                line.add(a == null ? null : Boolean.TRUE.equals(a.get("passed")) ? "Đạt" : "Không đạt");
            }
            rows.add(line);
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("movementId", f.movementId());
        filters.put("district", f.district());
        filters.put("unitId", f.unitId());
        filters.put("q", f.q());
        filters.put("year", f.year());
        filters.put("status", f.status());
        filters.put("asOf", asOf);
        return new Table("Bảng theo dõi giúp đỡ xã xây dựng nông thôn mới — " + r.movementTitle(),
                "bang-giup-do-xa-" + f.movementId(), Exports.given(filters), r.currentTo(), headers, rows);
    }
}
