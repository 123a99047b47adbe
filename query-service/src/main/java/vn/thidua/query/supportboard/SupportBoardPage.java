package vn.thidua.query.supportboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import vn.thidua.query.paging.Page;

import java.time.Instant;
import java.util.List;

/**
 * A page of the commune support board as JSON: the movement, the instant the data is current to, the totals of the
 * whole movement (whatever the filters) and of the districts on the page, and one page of the matching rows.
 *
 * @param asOf the instant asked for, when the board is as it stood then (left out otherwise)
 * @param withoutSuccessor with {@code structure}: the communes whose recorded history has no row on that day (they
 *                         ended with no successor in the register), each with its activities and assessments; left out
 *                         otherwise
 */
record SupportBoardPage(@JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf, String movementId, String movementTitle,
                        Instant currentTo, BoardTotals province, List<DistrictTotals> districts, List<CommuneRow> items,
                        int page, int size, long totalItems, long totalPages,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<CommuneRow.Predecessor> withoutSuccessor) {

    static SupportBoardPage of(Instant asOf, SupportBoard.Result board, int page, int size) {
        Page<CommuneRow> p = Page.of(board.rows(), page, size, board.matching());
        return new SupportBoardPage(asOf, board.movementId(), board.movementTitle(), board.currentTo(), board.province(),
                board.districts(), p.items(), p.page(), p.size(), p.totalItems(), p.totalPages(), board.withoutSuccessor());
    }
}
