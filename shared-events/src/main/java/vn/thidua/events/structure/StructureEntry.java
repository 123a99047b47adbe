package vn.thidua.events.structure;

import java.util.List;

/**
 * One line of an imported list, as checked.
 *
 * @param line       its line number in the imported CSV file (the header is line 1)
 * @param code       the unit's code: a GSO code for administrative units, the product's code for justice units
 * @param name       its Vietnamese name
 * @param type       {@code tinh}, {@code huyen}, {@code thanh-pho}, {@code thi-xa}, {@code quan}, {@code xa},
 *                   {@code phuong}, {@code thi-tran}, {@code dac-khu}; for justice units {@code DIVISION}, {@code CENTRE},
 *                   {@code DISTRICT_OFFICE}
 * @param parent     the code of the unit it belongs to ({@code null} for the province itself)
 * @param formedFrom the codes of the units it was formed from, valid the day before the version starts (empty: a unit
 *                   that continues under its code, or a new one)
 * @param verified   whether the line was checked against an official text; {@code false} marks an unverified code
 * @param note       where the line comes from, what is unverified (free text, may be {@code null})
 */
public record StructureEntry(int line, String code, String name, String type, String parent, List<String> formedFrom,
                             boolean verified, String note) {
}
