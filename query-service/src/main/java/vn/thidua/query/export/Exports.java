package vn.thidua.query.export;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reports as files: CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese correctly; RFC 4180 quoting)
 * and XLSX (Apache POI; numbers stay numbers). Both start with the report's title, its filters and the instant its
 * data is current to, then a blank row, the header row and the data.
 */
public final class Exports {

    public static final String CSV = "text/csv";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final MediaType CSV_TYPE = MediaType.parseMediaType(CSV + ";charset=UTF-8");
    public static final MediaType XLSX_TYPE = MediaType.parseMediaType(XLSX);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Exports() {
    }

    public static ResponseEntity<byte[]> csv(Table table) {
        return download(table, ".csv", CSV_TYPE, toCsv(table));
    }

    public static ResponseEntity<byte[]> xlsx(Table table) {
        return download(table, ".xlsx", XLSX_TYPE, toXlsx(table));
    }

    static String filtersLine(Table table) {
        return table.filters().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
    }

    static String currentToLine(Table table) {
        return table.currentTo() == null ? "chưa có dữ liệu" : table.currentTo().toString();
    }

    public static byte[] toCsv(Table table) {
        StringBuilder out = new StringBuilder();
        line(out, List.of(table.title()));
        line(out, List.of("Bộ lọc", filtersLine(table)));
        line(out, List.of("Dữ liệu tính đến", currentToLine(table)));
        out.append("\r\n");
        line(out, List.copyOf(table.headers()));
        for (List<Object> row : table.rows()) {
            line(out, row);
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(text, 0, all, BOM.length, text.length);
        return all;
    }

    private static void line(StringBuilder out, List<?> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(values.get(i)));
        }
        out.append("\r\n");
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    public static byte[] toXlsx(Table table) {
        try (SXSSFWorkbook book = new SXSSFWorkbook(200); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Báo cáo");
            Font bold = book.createFont();
            bold.setBold(true);
            CellStyle header = book.createCellStyle();
            header.setFont(bold);
            int r = 0;
            Row title = sheet.createRow(r++);
            title.createCell(0).setCellValue(table.title());
            title.getCell(0).setCellStyle(header);
            Row filters = sheet.createRow(r++);
            filters.createCell(0).setCellValue("Bộ lọc");
            filters.createCell(1).setCellValue(filtersLine(table));
            Row current = sheet.createRow(r++);
            current.createCell(0).setCellValue("Dữ liệu tính đến");
            current.createCell(1).setCellValue(currentToLine(table));
            r++;
            Row head = sheet.createRow(r++);
            for (int c = 0; c < table.headers().size(); c++) {
                Cell cell = head.createCell(c);
                cell.setCellValue(table.headers().get(c));
                cell.setCellStyle(header);
            }
            for (List<Object> values : table.rows()) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < values.size(); c++) {
                    Object v = values.get(c);
                    if (v == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (v instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (v instanceof Boolean b) {
                        cell.setCellValue(b);
                    } else {
                        cell.setCellValue(String.valueOf(v));
                    }
                }
            }
            book.write(bytes);
            book.dispose();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseEntity<byte[]> download(Table table, String extension, MediaType type, byte[] body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename(table.fileName() + extension, StandardCharsets.UTF_8).build());
        if (table.currentTo() != null) {
            headers.add("X-Data-Current-To", table.currentTo().toString());
        }
        return ResponseEntity.ok().headers(headers).body(body);
    }

    /** The filters an export shows, to be named one by one with {@link Shown#filter}. */
    public static Shown shown() {
        return new Shown();
    }

    /** The filters as shown in an export: only those given (not null, not blank), in the order they are named. */
    public static final class Shown {

        private final Map<String, String> filters = new LinkedHashMap<>();

        private Shown() {
        }

        public Shown filter(String name, Object value) {
            if (value != null && !String.valueOf(value).isBlank()) {
                filters.put(name, String.valueOf(value));
            }
            return this;
        }

        public Map<String, String> filters() {
            return Collections.unmodifiableMap(filters);
        }
    }
}
