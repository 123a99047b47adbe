package vn.thidua.reference;

import java.time.LocalDate;
import java.util.List;

/**
 * What a code meant for a while: one unit of a province's structure with its validity. A code that changes its name,
 * type, parent or province, or is formed anew from others, gets a new {@code StructureUnit} from that day; the old one
 * ends the day before.
 *
 * @param from       first day valid; {@code null} for the lists a province started with (they hold for every earlier date)
 * @param until      last day valid; {@code null} while it lasts
 * @param formedFrom the codes of the units it was formed from, each valid the day before {@code from}
 */
public record StructureUnit(StructureList list, String code, String name, String type, Level level, String parent,
                           String provinceCode, LocalDate from, LocalDate until, List<String> formedFrom, boolean verified) {

    public StructureUnit {
        formedFrom = List.copyOf(formedFrom);
    }

    public boolean validOn(LocalDate day) {
        return (from == null || !day.isBefore(from)) && (until == null || !day.isAfter(until));
    }

    /** Valid on at least one day of {@code start} … {@code end}. */
    public boolean validDuring(LocalDate start, LocalDate end) {
        return (from == null || !end.isBefore(from)) && (until == null || !start.isAfter(until));
    }

    StructureUnit endingOn(LocalDate day) {
        return new StructureUnit(list, code, name, type, level, parent, provinceCode, from, day, formedFrom, verified);
    }

    /** When it was valid, for messages: {@code 2017-10-15 – 2025-06-30}. */
    public String validity() {
        return (from == null ? "since the first list" : from.toString()) + " – " + (until == null ? "" : until.toString());
    }
}
