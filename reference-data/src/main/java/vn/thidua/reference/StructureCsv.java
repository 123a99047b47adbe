package vn.thidua.reference;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a structure list from CSV, line by line, and says what is wrong with each line. The columns:
 * <pre>code,name,type,parent,valid_from,formed_from,verified,note</pre>
 * {@code formed_from} holds codes separated by spaces; {@code verified} is {@code yes} or {@code no}; a field may be
 * quoted ({@code "…"}, with {@code ""} for a quote) when it holds a comma. Every line starts on the same
 * {@code valid_from}: the version's first day. What the lines mean against the register is checked by
 * {@link StructureHistory#check}.
 */
public final class StructureCsv {

    public static final String HEADER = "code,name,type,parent,valid_from,formed_from,verified,note";
    private static final List<String> COLUMNS = Arrays.asList(HEADER.split(","));
    private static final Pattern ADMIN_CODE = Pattern.compile("\\d{2}|\\d{3}|\\d{5}");
    private static final Pattern UNIT_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,39}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cn}\\p{Cs}]");
    /** At most this many problems are told (a file of the wrong kind would have one per line). */
    static final int MAX_PROBLEMS = 50;

    /** The lines of a file that reads, and the day they start. */
    public record Parsed(LocalDate effectiveFrom, List<StructureLine> lines) {
    }

    private StructureCsv() {
    }

    /** @throws StructureRefused with every line that does not read (up to {@value #MAX_PROBLEMS}) */
    public static Parsed parse(String text, StructureList list) {
        List<LineProblem> problems = new ArrayList<>();
        String[] physical = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        if (physical.length == 0 || !physical[0].strip().equals(HEADER)) {
            throw new StructureRefused(List.of(new LineProblem(1, null, "the first line must be the header " + HEADER)));
        }
        List<StructureLine> lines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        LocalDate effectiveFrom = null;
        int effectiveLine = 0;
        for (int i = 1; i < physical.length && problems.size() < MAX_PROBLEMS; i++) {
            int number = i + 1;
            if (physical[i].isBlank()) {
                continue;
            }
            List<String> fields = fields(physical[i]);
            if (fields == null) {
                problems.add(new LineProblem(number, null, "a quoted field is not closed"));
                continue;
            }
            if (fields.size() != COLUMNS.size()) {
                problems.add(new LineProblem(number, null, "%d columns; a line has %d: %s".formatted(fields.size(),
                        COLUMNS.size(), HEADER)));
                continue;
            }
            String code = fields.get(0).strip();
            int before = problems.size();
            Pattern codes = list == StructureList.ADMIN_UNITS ? ADMIN_CODE : UNIT_CODE;
            boolean codeReads = codes.matcher(code).matches();
            if (!codeReads) {
                problems.add(new LineProblem(number, code, list == StructureList.ADMIN_UNITS
                        ? "an administrative unit's code is its GSO code: 2 digits (province), 3 (district) or 5 (commune)"
                        : "a justice unit's code is 2 to 40 capital letters, digits or dashes"));
            }
            String name = nfc(fields.get(1));
            if (name.isEmpty() || name.length() > 200 || CONTROL.matcher(name).find()) {
                problems.add(new LineProblem(number, code, "the name must be 1 to 200 characters of text"));
            }
            String type = fields.get(2).strip();
            Level level = Level.of(list, type).orElse(null);
            if (level == null) {
                problems.add(new LineProblem(number, code, "type '%s' is not one of %s".formatted(type, Level.typesOf(list))));
            } else if (list == StructureList.ADMIN_UNITS && codeReads && code.length() != switch (level) {
                case PROVINCE -> 2;
                case DISTRICT -> 3;
                default -> 5;
            }) {
                problems.add(new LineProblem(number, code, "a %s's GSO code has %d digits".formatted(type,
                        level == Level.PROVINCE ? 2 : level == Level.DISTRICT ? 3 : 5)));
            }
            String parent = blankToNull(fields.get(3));
            if (level == Level.PROVINCE && parent != null) {
                problems.add(new LineProblem(number, code, "a province has no parent"));
            } else if (level != null && level != Level.PROVINCE && (parent == null || !ADMIN_CODE.matcher(parent).matches())) {
                problems.add(new LineProblem(number, code, "the parent must be the GSO code of the province or district it belongs to"));
            }
            LocalDate from = null;
            try {
                from = LocalDate.parse(fields.get(4).strip());
            } catch (DateTimeParseException e) {
                problems.add(new LineProblem(number, code, "valid_from must be a date, yyyy-mm-dd"));
            }
            if (from != null && effectiveFrom == null) {
                effectiveFrom = from;
                effectiveLine = number;
            } else if (from != null && !from.equals(effectiveFrom)) {
                problems.add(new LineProblem(number, code, "valid_from %s differs from %s (line %d): a version starts on one day"
                        .formatted(from, effectiveFrom, effectiveLine)));
            }
            List<String> formedFrom = new ArrayList<>();
            Set<String> distinct = new LinkedHashSet<>();
            for (String p : fields.get(5).strip().split("\\s+")) {
                if (p.isEmpty()) {
                    continue;
                }
                if (!codes.matcher(p).matches()) {
                    problems.add(new LineProblem(number, code, "formed_from holds codes separated by spaces; '%s' is not a code".formatted(p)));
                } else if (!distinct.add(p)) {
                    problems.add(new LineProblem(number, code, "formed_from names %s twice".formatted(p)));
                } else {
                    formedFrom.add(p);
                }
            }
            String verified = fields.get(6).strip();
            if (!verified.equals("yes") && !verified.equals("no")) {
                problems.add(new LineProblem(number, code, "verified must be yes or no"));
            }
            Integer first = seen.putIfAbsent(code, number);
            if (first != null) {
                problems.add(new LineProblem(number, code, "the code is already on line %d: a code names one unit".formatted(first)));
            }
            if (problems.size() == before) {
                lines.add(new StructureLine(number, code, name, type, parent, formedFrom, verified.equals("yes"),
                        blankToNull(nfc(fields.get(7)))));
            }
        }
        if (problems.isEmpty() && lines.isEmpty()) {
            problems.add(new LineProblem(1, null, "the list has no line after the header"));
        }
        if (!problems.isEmpty()) {
            throw new StructureRefused(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
        }
        return new Parsed(effectiveFrom, List.copyOf(lines));
    }

    /** The fields of one line, or {@code null} when a quoted field is not closed. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    /** Trimmed, NFC, inner runs of spaces as one: how names are compared and stored. */
    static String nfc(String s) {
        return Normalizer.normalize(s.strip().replaceAll("\\s+", " "), Normalizer.Form.NFC);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
