package vn.thidua.reference;

/**
 * A commune-level unit (xã, phường, thị trấn) with its 5-digit GSO code. Names repeat, codes do not.
 *
 * @param type {@code xa}, {@code phuong} or {@code thi-tran}
 */
public record Commune(String code, String name, String type, String districtCode) {
}
