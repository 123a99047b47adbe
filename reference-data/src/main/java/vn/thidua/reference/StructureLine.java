package vn.thidua.reference;

import java.util.List;

/**
 * One line of a structure list as read from its CSV file (docs/adr/0011).
 *
 * @param line       the line number in the file (the header is line 1)
 * @param formedFrom the codes of the units this one was formed from (empty: it continues under its code, or is new)
 * @param verified   {@code false}: the code or the line is not confirmed by an official text
 */
public record StructureLine(int line, String code, String name, String type, String parent, List<String> formedFrom,
                            boolean verified, String note) {

    public StructureLine {
        formedFrom = List.copyOf(formedFrom);
    }
}
