package vn.thidua.query.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A report as a table, for export: its title, the filters that produced it, the instant its data is current to,
 * Vietnamese column headers, and rows of plain values (strings, numbers, booleans, nulls).
 *
 * @param fileName the download's name without extension, e.g. {@code bang-giup-do-xa-NTM-2016-2020}
 */
public record Table(String title, String fileName, Map<String, String> filters, Instant currentTo,
                    List<String> headers, List<List<Object>> rows) {
}
