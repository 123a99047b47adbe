package vn.thidua.query.supportboard;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.thidua.events.support.SupportActivityType;
import vn.thidua.projection.asof.AsOfReports;
import vn.thidua.query.access.Access;
import vn.thidua.query.asof.AsOfParameter;
import vn.thidua.query.catalogue.MovementCatalogueProjection;
import vn.thidua.query.structure.StructureRegisterProjection;
import vn.thidua.query.export.Exports;
import vn.thidua.query.export.Table;
import vn.thidua.query.paging.Page;

import java.util.ArrayList;
import java.util.Collections;
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

    /** What the board reads: the catalogue (the movement's title), the support board and the structure register. */
    static final List<String> READS = List.of(MovementCatalogueProjection.NAME, SupportBoardProjection.NAME,
            StructureRegisterProjection.NAME);
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
                    + "structure=<date>: the communes and districts valid on that day (from 1 July 2025: the province's "
                    + "communes, no districts), each older commune's support rolled into the commune(s) formed from it; a "
                    + "commune passes criterion 18.5 in a year only by its own assessment, its predecessors' assessments "
                    + "are listed apart under `predecessors`; communes whose history has no successor on that day (ended "
                    + "with none in the register) are listed under `withoutSuccessor`. Without structure: the structure of "
                    + "the movement's last day, or of today (of asOf) if earlier. A province's movement lists that province's "
                    + "communes; the Ministry's sector-wide movement lists the caller's province's, every province's to the "
                    + "Ministry. The register is the one recorded up to asOf. "
                    + "Also as text/csv and XLSX (Accept header). " + AsOfParameter.DESCRIPTION)
    SupportBoardPage board(@Valid @ParameterObject SupportBoardQuery query,
                           @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        SupportBoardQuery scoped = scoped(query);
        String province = Access.provinceScope();
        SupportBoard.Result r = reports.read(scoped.movementId(), scoped.asOf(), READS,
                space -> board.query(space, scoped, page, size, province));
        return SupportBoardPage.of(query.asOf(), r, page, size);
    }

    @GetMapping(produces = Exports.CSV)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "supportBoard", summary = "The board as CSV (UTF-8 with BOM), every matching row")
    ResponseEntity<byte[]> csv(@Valid @ParameterObject SupportBoardQuery query) {
        return Exports.csv(table(scoped(query)));
    }

    @GetMapping(produces = Exports.XLSX)
    @PreAuthorize(Access.ANY_ROLE)
    @Operation(operationId = "supportBoard", summary = "The board as an XLSX workbook, every matching row")
    ResponseEntity<byte[]> xlsx(@Valid @ParameterObject SupportBoardQuery query) {
        return Exports.xlsx(table(scoped(query)));
    }

    /**
     * The query as the caller may ask it. The rows are unit-specific (who supports a commune, its activities): a
     * {@code UNIT_REPORTER} reads only the communes its unit supports or supported, whether or not it names its unit,
     * and asking for another unit is refused ({@code 403}).
     */
    private static SupportBoardQuery scoped(SupportBoardQuery query) {
        return query.withUnit(Access.unitScope(query.unitId()));
    }

    /** The activity types in the order of the export's columns, each with its column's name. */
    static final Map<SupportActivityType, String> ACTIVITY_COLUMNS = activityColumns();

    private static Map<SupportActivityType, String> activityColumns() {
        Map<SupportActivityType, String> columns = new LinkedHashMap<>();
        columns.put(SupportActivityType.LEGAL_DISSEMINATION, "Tuyên truyền PBGDPL");
        columns.put(SupportActivityType.MEDIATOR_TRAINING, "Tập huấn hòa giải viên");
        columns.put(SupportActivityType.LEGAL_BOOKCASE, "Tủ sách pháp luật");
        columns.put(SupportActivityType.CIVIL_STATUS, "Hộ tịch, chứng thực");
        columns.put(SupportActivityType.ACCESS_TO_LAW_REVIEW, "Rà soát tiếp cận pháp luật");
        columns.put(SupportActivityType.OTHER, "Hoạt động khác");
        return Collections.unmodifiableMap(columns);
    }

    /** The rows as a table: one line per commune; activities per type; 18.5 per year present in the data. */
    Table table(SupportBoardQuery query) {
        String province = Access.provinceScope();
        SupportBoard.Result r = reports.read(query.movementId(), query.asOf(), READS, space -> board.query(space, query, 0, 0, province));
        List<Integer> years = r.rows().stream().flatMap(row -> row.assessments().stream())
                .map(CommuneRow.Assessment::year).distinct().sorted().toList();
        List<String> headers = new ArrayList<>(List.of("Mã xã", "Tên xã", "Mã huyện", "Huyện", "Đơn vị giúp đỡ",
                "Giúp đỡ từ ngày", "Tổng số hoạt động", "Hoạt động gần nhất"));
        ACTIVITY_COLUMNS.values().forEach(name -> headers.add("Số hoạt động: " + name));
        for (int y : years) {
            headers.add("Tiêu chí 18.5 năm " + y + ": tổng điểm");
            headers.add("Tiêu chí 18.5 năm " + y + ": đạt");
        }
        List<List<Object>> rows = new ArrayList<>();
        for (CommuneRow row : r.rows()) {
            List<Object> line = new ArrayList<>();
            line.add(row.communeCode());
            line.add(row.communeName());
            line.add(row.districtCode());
            line.add(row.districtName());
            List<CommuneRow.Supporter> active = row.supporters().stream().filter(s -> s.until() == null).toList();
            line.add(active.stream().map(s -> String.valueOf(s.unitName())).collect(Collectors.joining("; ")));
            line.add(active.stream().map(s -> String.valueOf(s.since())).collect(Collectors.joining("; ")));
            line.add(row.activityCount());
            line.add(row.latestActivity());
            for (SupportActivityType type : ACTIVITY_COLUMNS.keySet()) {
                line.add(row.activities().stream().filter(a -> a.type() == type).map(CommuneRow.Activities::count)
                        .findFirst().orElse(0));
            }
            for (int y : years) {
                CommuneRow.Assessment a = row.assessments().stream().filter(x -> x.year() == y).findFirst().orElse(null);
                line.add(a == null ? null : a.total());
                line.add(a == null ? null : a.passed() ? "Đạt" : "Không đạt");
            }
            rows.add(line);
        }
        Map<String, String> filters = Exports.shown().filter("movementId", query.movementId())
                .filter("district", query.district()).filter("unitId", query.unitId()).filter("q", query.q())
                .filter("year", query.year()).filter("status", query.status()).filter("asOf", query.asOf())
                .filter("structure", query.structure()).filters();
        return new Table("Bảng theo dõi giúp đỡ xã xây dựng nông thôn mới — " + r.movementTitle(),
                "bang-giup-do-xa-" + query.movementId(), filters, r.currentTo(), headers, rows);
    }
}
