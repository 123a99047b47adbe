package vn.thidua.reference;

/** A district-level unit (huyện, thành phố) with its GSO code, e.g. {@code 213 Thành phố Bắc Giang}. */
public record District(String code, String name) {
}
