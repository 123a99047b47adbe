package vn.thidua.query.paging;

import java.util.List;

/**
 * One page of a report.
 *
 * @param items      the rows of this page
 * @param page       the page number, from 0
 * @param size       the page size asked for (capped)
 * @param totalItems the number of rows matching the filters
 * @param totalPages the number of pages
 */
public record Page<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

    public static final int MAX_SIZE = 200;

    public static <T> Page<T> of(List<T> items, int page, int size, long total) {
        return new Page<>(items, page, size, total, (total + size - 1) / size);
    }
}
