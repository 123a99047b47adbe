package vn.thidua.query.taskboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import vn.thidua.query.paging.Page;

import java.time.Instant;
import java.util.List;

/**
 * A page of the key-task board as JSON: the movement and period, which results count and how units are ranked, the
 * instant the data is current to, the per-task totals (over every enrolled unit), and one page of the matching rows.
 *
 * @param asOf the instant asked for, when the board is as it stood then (left out otherwise)
 */
record KeyTaskBoardPage(@JsonInclude(JsonInclude.Include.NON_NULL) Instant asOf, String movementId, String movementTitle,
                        String period, String counted, String rankingRule, Instant currentTo, List<TaskTotals> tasks,
                        List<BoardRow> items, int page, int size, long totalItems, long totalPages) {

    static KeyTaskBoardPage of(Instant asOf, KeyTaskBoard.Result board, int page, int size) {
        Page<BoardRow> p = Page.of(board.rows().stream().skip((long) page * size).limit(size).toList(), page, size,
                board.rows().size());
        return new KeyTaskBoardPage(asOf, board.movementId(), board.movementTitle(), board.period(), board.counted(),
                KeyTaskBoard.RANKING_RULE, board.currentTo(), board.tasks(), p.items(), p.page(), p.size(), p.totalItems(),
                p.totalPages());
    }
}
