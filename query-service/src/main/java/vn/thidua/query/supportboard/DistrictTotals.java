package vn.thidua.query.supportboard;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** The totals of one district, named: in the JSON, its code and name and then the fields of its totals. */
public record DistrictTotals(String districtCode, String districtName, @JsonUnwrapped BoardTotals totals) {
}
