package vn.thidua.query.taskboard;

import java.math.BigDecimal;
import java.util.List;

/**
 * One enrolled unit's row of the key-task board: its cells in task order, its completion of the movement's key tasks,
 * and its rank among all enrolled units with how many units share that rank besides it.
 *
 * @param districtCode {@code null} for a unit the reference lists do not place in a district
 */
public record BoardRow(String unitId, String unitName, String districtCode, BigDecimal completion, List<Cell> cells,
                       int rank, int tiedWith) {

    /** The same row placed in another district ({@code null}: none), as a structure of another day places it. */
    BoardRow inDistrict(String district) {
        return new BoardRow(unitId, unitName, district, completion, cells, rank, tiedWith);
    }

    BoardRow ranked(int rank, int tiedWith) {
        return new BoardRow(unitId, unitName, districtCode, completion, cells, rank, tiedWith);
    }
}
