package vn.thidua.reference;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The structure register: every province's administrative units and justice units over time — the lists a province
 * started with (the shipped Bắc Giang lists of 2017, or configured files) and every version imported since, each
 * valid from its first day until the next version of its list. Immutable: {@link #with} gives the register after one
 * more version. Both services fold it from the same events, so a command is checked, and a report grouped, against the
 * structure valid on the day they name (docs/adr/0011).
 * <p>
 * A new version of a list of a province replaces the previous one from its first day: a unit it lists unchanged
 * continues; one it lists with another parent or type continues as the same unit under its code; a unit it does not
 * list, and a unit a new one is formed from ({@code formed_from}), ends the day before. A province formed from others
 * ends every unit of those provinces.
 */
public final class StructureHistory {

    /** Every meaning of every code, per list, in time order. */
    private final Map<StructureList, Map<String, List<StructureUnit>>> units;
    /** The versions of each province's lists, in order: the codes each listed and its first day. */
    private final Map<String, List<Mark>> versions;
    private final int imported;
    private final String startedWith;

    /** One version of a province's list: its first day ({@code null} for the list the province started with). */
    private record Mark(LocalDate from, Set<String> codes) {
    }

    private StructureHistory(Map<StructureList, Map<String, List<StructureUnit>>> units, Map<String, List<Mark>> versions,
                             int imported, String startedWith) {
        this.units = units;
        this.versions = versions;
        this.imported = imported;
        this.startedWith = startedWith;
    }

    /** The register that starts with the lists a deployment loads ({@link ReferenceData}), valid for every earlier date. */
    public static StructureHistory startingWith(ReferenceData lists) {
        String province = lists.provinceCode();
        Map<StructureList, Map<String, List<StructureUnit>>> units = new EnumMap<>(StructureList.class);
        Map<String, List<StructureUnit>> admin = new HashMap<>();
        Map<String, List<StructureUnit>> justice = new HashMap<>();
        units.put(StructureList.ADMIN_UNITS, admin);
        units.put(StructureList.UNITS, justice);
        admin.put(province, new ArrayList<>(List.of(new StructureUnit(StructureList.ADMIN_UNITS, province,
                lists.provinceName(), "tinh", Level.PROVINCE, null, province, null, null, List.of(), true))));
        for (District d : lists.districts()) {
            admin.put(d.code(), new ArrayList<>(List.of(new StructureUnit(StructureList.ADMIN_UNITS, d.code(), d.name(),
                    districtType(d.name()), Level.DISTRICT, province, province, null, null, List.of(), true))));
        }
        for (Commune c : lists.communes()) {
            admin.put(c.code(), new ArrayList<>(List.of(new StructureUnit(StructureList.ADMIN_UNITS, c.code(), c.name(),
                    c.type(), Level.COMMUNE, c.districtCode(), province, null, null, List.of(), true))));
        }
        for (Unit u : lists.units()) {
            justice.put(u.id(), new ArrayList<>(List.of(new StructureUnit(StructureList.UNITS, u.id(), u.name(), u.kind(),
                    Level.JUSTICE_UNIT, u.districtCode() == null ? province : u.districtCode(), province, null, null,
                    List.of(), true))));
        }
        Map<String, List<Mark>> versions = new HashMap<>();
        versions.put(key(province, StructureList.ADMIN_UNITS), List.of(new Mark(null, Set.copyOf(admin.keySet()))));
        versions.put(key(province, StructureList.UNITS), List.of(new Mark(null, Set.copyOf(justice.keySet()))));
        return new StructureHistory(units, versions, 0, lists.version());
    }

    private static String districtType(String name) {
        if (name.startsWith("Thành phố")) {
            return "thanh-pho";
        }
        if (name.startsWith("Thị xã")) {
            return "thi-xa";
        }
        return name.startsWith("Quận") ? "quan" : "huyen";
    }

    private static String key(String province, StructureList list) {
        return province + "|" + list;
    }

    /**
     * Which lists the register holds, for messages: the lists it started with ({@code bac-giang-2017-10-15+units-v1})
     * and how many versions were imported after them.
     */
    public String version() {
        return imported == 0 ? startedWith : startedWith + " and " + imported + " version(s) imported after it";
    }

    /** How many versions were imported after the lists the register started with. */
    public int importedVersions() {
        return imported;
    }

    // ---- checking a new version ----

    /**
     * What is wrong with a version against this register, line by line: the empty list when it may be applied. The
     * checks: its first day after the province's latest version of the list (validity periods do not overlap); every
     * parent known (in the file, or in the register on that day) and of the right level and province; no code reused
     * with another meaning (a code that meant another unit names a new one only when that one is formed from it); every
     * unit it is formed from valid the day before, and of its level — or ended earlier into units the line names too.
     */
    public List<LineProblem> check(StructureVersion version) {
        List<LineProblem> problems = new ArrayList<>();
        StructureList list = version.list();
        LocalDate day = version.effectiveFrom();
        LocalDate dayBefore = day.minusDays(1);
        int firstLine = version.lines().isEmpty() ? 1 : version.lines().get(0).line();
        Mark latest = latest(version.provinceCode(), list);
        if (latest != null && latest.from() != null && !day.isAfter(latest.from())) {
            problems.add(new LineProblem(firstLine, null, ("overlapping validity: the %s of province %s have a version "
                    + "valid from %s on; a new version must start after that day").formatted(listName(list),
                    version.provinceCode(), latest.from())));
        }
        Map<String, StructureLine> inFile = new HashMap<>();
        version.lines().forEach(l -> inFile.put(l.code(), l));
        boolean provinceInFile = version.lines().stream()
                .anyMatch(l -> Level.of(list, l.type()).orElse(null) == Level.PROVINCE);
        if (list == StructureList.ADMIN_UNITS && !provinceInFile && on(list, version.provinceCode(), day).isEmpty()) {
            problems.add(new LineProblem(firstLine, version.provinceCode(), ("province %s is not in the register on %s: "
                    + "its first list names the province on a line of type tinh").formatted(version.provinceCode(), day)));
        }
        for (StructureLine line : version.lines()) {
            Level level = Level.of(list, line.type()).orElseThrow();
            parentIsKnown(version, line, level, inFile, problems);
            codeKeepsItsMeaning(version, line, level, problems);
            formedFromUnitsValidTheDayBefore(list, line, level, dayBefore, problems);
        }
        return problems;
    }

    private void parentIsKnown(StructureVersion version, StructureLine line, Level level, Map<String, StructureLine> inFile,
                               List<LineProblem> problems) {
        StructureList list = version.list();
        if (level == Level.PROVINCE) {
            if (!line.code().equals(version.provinceCode())) {
                problems.add(new LineProblem(line.line(), line.code(), "a list of province %s names province %s"
                        .formatted(version.provinceCode(), line.code())));
            }
            return;
        }
        Level parentLevel;
        String parentProvince;
        StructureLine fromFile = list == StructureList.ADMIN_UNITS ? inFile.get(line.parent()) : null;
        if (fromFile != null) {
            parentLevel = Level.of(list, fromFile.type()).orElseThrow();
            parentProvince = version.provinceCode();
        } else {
            Optional<StructureUnit> known = on(StructureList.ADMIN_UNITS, line.parent(), version.effectiveFrom());
            // a new list of administrative units replaces the province's: a parent of it is in the file, or is the province
            boolean usable = known.isPresent() && (list == StructureList.UNITS || known.get().level() == Level.PROVINCE);
            if (!usable) {
                problems.add(new LineProblem(line.line(), line.code(), ("unknown parent %s: no %s of that code on %s"
                        + (list == StructureList.ADMIN_UNITS ? " in this file" : " in the register"))
                        .formatted(line.parent(), list == StructureList.ADMIN_UNITS ? "unit" : "province or district",
                                version.effectiveFrom())));
                return;
            }
            parentLevel = known.get().level();
            parentProvince = known.get().provinceCode();
        }
        if (!version.provinceCode().equals(parentProvince) && !(fromFile == null && parentLevel == Level.PROVINCE
                && line.parent().equals(version.provinceCode()))) {
            problems.add(new LineProblem(line.line(), line.code(), "parent %s belongs to province %s, not %s"
                    .formatted(line.parent(), parentProvince, version.provinceCode())));
        }
        boolean fits = switch (level) {
            case DISTRICT -> parentLevel == Level.PROVINCE;
            case COMMUNE -> parentLevel == Level.PROVINCE || parentLevel == Level.DISTRICT;
            case JUSTICE_UNIT -> line.type().equals("DISTRICT_OFFICE") ? parentLevel == Level.DISTRICT
                    : parentLevel == Level.PROVINCE;
            case PROVINCE -> false;
        };
        if (!fits) {
            problems.add(new LineProblem(line.line(), line.code(), "a %s does not belong to a %s (parent %s)"
                    .formatted(line.type(), parentLevel.name().toLowerCase().replace('_', ' '), line.parent())));
        }
    }

    private void codeKeepsItsMeaning(StructureVersion version, StructureLine line, Level level, List<LineProblem> problems) {
        List<StructureUnit> meanings = units.get(version.list()).getOrDefault(line.code(), List.of());
        if (meanings.isEmpty() || line.formedFrom().contains(line.code())) {
            return;
        }
        StructureUnit last = meanings.get(meanings.size() - 1);
        if (!sameUnit(last, line.name(), level)) {
            problems.add(new LineProblem(line.line(), line.code(), ("a code reused with another meaning: %s is %s (%s, "
                    + "province %s, %s), not %s; a code names one unit — a new unit takes it only when formed from it "
                    + "(formed_from)").formatted(line.code(), last.name(), last.type(), last.provinceCode(), last.validity(),
                    line.name())));
        } else if (!last.provinceCode().equals(version.provinceCode())) {
            problems.add(new LineProblem(line.line(), line.code(), ("%s is a unit of province %s; a unit of province %s "
                    + "takes its code only when formed from it (formed_from)").formatted(line.code(), last.provinceCode(),
                    version.provinceCode())));
        }
    }

    private void formedFromUnitsValidTheDayBefore(StructureList list, StructureLine line, Level level, LocalDate dayBefore,
                                                  List<LineProblem> problems) {
        for (String p : line.formedFrom()) {
            List<StructureUnit> meanings = units.get(list).getOrDefault(p, List.of());
            if (meanings.isEmpty()) {
                problems.add(new LineProblem(line.line(), line.code(), "formed from %s, which the register does not know"
                        .formatted(p)));
                continue;
            }
            Optional<StructureUnit> then = meanings.stream().filter(m -> m.validOn(dayBefore)).findFirst();
            if (then.isEmpty() && endedIntoTheOthers(meanings.get(meanings.size() - 1), line.formedFrom(), dayBefore)) {
                continue; // an older code whose successors the line names too: redundant, not wrong
            }
            if (then.isEmpty()) {
                StructureUnit last = meanings.get(meanings.size() - 1);
                problems.add(new LineProblem(line.line(), line.code(), "formed from %s (%s), which is not valid on %s (valid %s)"
                        .formatted(p, last.name(), dayBefore, last.validity())));
            } else if (then.get().level() != level) {
                problems.add(new LineProblem(line.line(), line.code(), "a %s is formed from units of its level; %s is a %s"
                        .formatted(line.type(), p, then.get().type())));
            }
        }
    }

    /**
     * Whether a unit that ended before {@code dayBefore} lives on, that day, only in units that {@code formedFrom} names
     * as well (a list naming the codes of units merged in an earlier version together with what they became).
     */
    private boolean endedIntoTheOthers(StructureUnit unit, List<String> formedFrom, LocalDate dayBefore) {
        if (unit.until() == null || !unit.until().isBefore(dayBefore)) {
            return false;
        }
        List<StructureUnit> successors = successorsOn(unit, dayBefore);
        return !successors.isEmpty() && successors.stream().allMatch(s -> formedFrom.contains(s.code()));
    }

    private static boolean sameUnit(StructureUnit unit, String name, Level level) {
        return unit.level() == level && StructureCsv.nfc(unit.name()).equalsIgnoreCase(StructureCsv.nfc(name));
    }

    private static String listName(StructureList list) {
        return list == StructureList.ADMIN_UNITS ? "administrative units" : "justice units";
    }

    // ---- applying a version ----

    /**
     * The register after one more version, which {@link #check} found nothing wrong with.
     *
     * @throws StructureRefused when it did
     */
    public StructureHistory with(StructureVersion version) {
        List<LineProblem> problems = check(version);
        if (!problems.isEmpty()) {
            throw new StructureRefused(problems);
        }
        StructureList list = version.list();
        LocalDate day = version.effectiveFrom();
        LocalDate dayBefore = day.minusDays(1);
        Map<StructureList, Map<String, List<StructureUnit>>> next = new EnumMap<>(StructureList.class);
        units.forEach((l, byCode) -> {
            Map<String, List<StructureUnit>> copy = new HashMap<>(byCode.size() * 2);
            byCode.forEach((code, meanings) -> copy.put(code, new ArrayList<>(meanings)));
            next.put(l, copy);
        });
        Map<String, List<StructureUnit>> byCode = next.get(list);
        Map<String, StructureLine> lines = new HashMap<>();
        version.lines().forEach(l -> lines.put(l.code(), l));
        Set<String> unchanged = new HashSet<>();
        // the province's previous version: what continues unchanged stays open, the rest ends the day before
        Mark previous = latest(version.provinceCode(), list);
        if (previous != null) {
            for (String code : previous.codes()) {
                StructureUnit open = openOn(byCode, code, dayBefore);
                if (open == null || !open.provinceCode().equals(version.provinceCode())) {
                    continue;
                }
                StructureLine line = lines.get(code);
                if (line != null && line.formedFrom().isEmpty() && unchangedBy(open, line)) {
                    unchanged.add(code);
                } else {
                    end(byCode, open, dayBefore);
                }
            }
        }
        // what new units are formed from ends the day before; so does every unit of a province formed into another
        Set<String> endedProvinces = new LinkedHashSet<>();
        for (StructureLine line : version.lines()) {
            for (String p : line.formedFrom()) {
                StructureUnit open = openOn(byCode, p, dayBefore);
                if (open != null && open.until() == null) {
                    end(byCode, open, dayBefore);
                }
                if (open != null && open.level() == Level.PROVINCE && !p.equals(version.provinceCode())) {
                    endedProvinces.add(p);
                }
            }
        }
        for (String province : endedProvinces) {
            next.values().forEach(codes -> codes.values().forEach(meanings -> {
                StructureUnit last = meanings.get(meanings.size() - 1);
                if (last.until() == null && last.provinceCode().equals(province) && (last.from() == null || !last.from().isAfter(dayBefore))) {
                    meanings.set(meanings.size() - 1, last.endingOn(dayBefore));
                }
            }));
        }
        if (list == StructureList.ADMIN_UNITS) {
            endJusticeUnitsOfEndedDistricts(next, dayBefore);
        }
        for (StructureLine line : version.lines()) {
            if (unchanged.contains(line.code())) {
                continue;
            }
            StructureUnit open = openOn(byCode, line.code(), day);
            if (open != null && open.until() == null) {
                end(byCode, open, dayBefore); // a code of another province's list that this one takes over
            }
            byCode.computeIfAbsent(line.code(), c -> new ArrayList<>()).add(new StructureUnit(list, line.code(), line.name(),
                    line.type(), Level.of(list, line.type()).orElseThrow(), line.parent(), version.provinceCode(), day, null,
                    line.formedFrom(), line.verified()));
        }
        Map<String, List<Mark>> nextVersions = new HashMap<>(versions);
        List<Mark> marks = new ArrayList<>(versions.getOrDefault(key(version.provinceCode(), list), List.of()));
        marks.add(new Mark(day, Set.copyOf(lines.keySet())));
        nextVersions.put(key(version.provinceCode(), list), List.copyOf(marks));
        return new StructureHistory(next, nextVersions, imported + 1, startedWith);
    }

    /** A district justice office does not outlive its district: it ends with it (from 1 July 2025, all of them). */
    private static void endJusticeUnitsOfEndedDistricts(Map<StructureList, Map<String, List<StructureUnit>>> units,
                                                        LocalDate dayBefore) {
        Map<String, List<StructureUnit>> admin = units.get(StructureList.ADMIN_UNITS);
        units.get(StructureList.UNITS).values().forEach(meanings -> {
            StructureUnit last = meanings.get(meanings.size() - 1);
            if (last.until() == null && last.parent() != null && (last.from() == null || !last.from().isAfter(dayBefore))) {
                StructureUnit parent = openOn(admin, last.parent(), dayBefore);
                if (parent != null && parent.level() == Level.DISTRICT && dayBefore.equals(parent.until())) {
                    meanings.set(meanings.size() - 1, last.endingOn(dayBefore));
                }
            }
        });
    }

    private static boolean unchangedBy(StructureUnit unit, StructureLine line) {
        return sameUnit(unit, line.name(), unit.level()) && unit.type().equals(line.type())
                && Objects.equals(unit.parent(), line.parent());
    }

    private static StructureUnit openOn(Map<String, List<StructureUnit>> byCode, String code, LocalDate day) {
        List<StructureUnit> meanings = byCode.get(code);
        if (meanings == null) {
            return null;
        }
        for (StructureUnit m : meanings) {
            if (m.validOn(day)) {
                return m;
            }
        }
        return null;
    }

    private static void end(Map<String, List<StructureUnit>> byCode, StructureUnit unit, LocalDate day) {
        List<StructureUnit> meanings = byCode.get(unit.code());
        meanings.set(meanings.indexOf(unit), unit.endingOn(day));
    }

    private Mark latest(String province, StructureList list) {
        List<Mark> marks = versions.get(key(province, list));
        return marks == null || marks.isEmpty() ? null : marks.get(marks.size() - 1);
    }

    // ---- lookups ----

    /** What a code meant on a day, if anything. */
    public Optional<StructureUnit> on(StructureList list, String code, LocalDate day) {
        if (code == null) {
            return Optional.empty();
        }
        for (StructureUnit m : units.get(list).getOrDefault(code, List.of())) {
            if (m.validOn(day)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Every meaning a code had, in time order (empty for a code the register never knew). */
    public List<StructureUnit> meanings(StructureList list, String code) {
        return code == null ? List.of() : List.copyOf(units.get(list).getOrDefault(code, List.of()));
    }

    /** The latest meaning of a code, if the register ever knew it. */
    public Optional<StructureUnit> latest(StructureList list, String code) {
        List<StructureUnit> meanings = meanings(list, code);
        return meanings.isEmpty() ? Optional.empty() : Optional.of(meanings.get(meanings.size() - 1));
    }

    /** The province a code belongs to (its latest meaning's), if the register knows it. */
    public Optional<String> provinceOf(StructureList list, String code) {
        return latest(list, code).map(StructureUnit::provinceCode);
    }

    /** The units of a list of a province valid on a day, in code order. */
    public List<StructureUnit> unitsOn(StructureList list, String province, LocalDate day, Level level) {
        return units.get(list).values().stream().flatMap(Collection::stream)
                .filter(m -> m.level() == level && m.provinceCode().equals(province) && m.validOn(day))
                .sorted(Comparator.comparing(StructureUnit::code)).toList();
    }

    /**
     * Whether the list of a province valid on a day is the one it started with ({@link #startingWith}): no version of
     * it imported since is valid yet. {@code false} for a province that started with none.
     */
    public boolean startingListOn(String province, StructureList list, LocalDate day) {
        List<Mark> marks = versions.getOrDefault(key(province, list), List.of());
        Mark valid = null;
        for (Mark m : marks) {
            if (m.from() == null || !m.from().isAfter(day)) {
                valid = m;
            }
        }
        return valid != null && valid.from() == null;
    }

    /** Every province the register knows, with its latest name. */
    public List<StructureUnit> provinces() {
        return units.get(StructureList.ADMIN_UNITS).values().stream()
                .map(m -> m.get(m.size() - 1)).filter(m -> m.level() == Level.PROVINCE)
                .sorted(Comparator.comparing(StructureUnit::code)).toList();
    }

    /**
     * The units a unit became on a later day, through the versions between: itself while it lasts, then the units that
     * continued its code or were formed from it, and so on. Empty when it ended with no successor in the register
     * (its history is then shown apart). A unit split into several maps to each of them.
     */
    public List<StructureUnit> successorsOn(StructureUnit unit, LocalDate day) {
        if (unit.validOn(day)) {
            return List.of(unit);
        }
        if (unit.until() == null || !unit.until().isBefore(day)) {
            return List.of(); // the day is before the unit existed
        }
        LocalDate next = unit.until().plusDays(1);
        List<StructureUnit> out = new ArrayList<>();
        for (StructureUnit successor : directSuccessors(unit, next)) {
            for (StructureUnit s : successorsOn(successor, day)) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private List<StructureUnit> directSuccessors(StructureUnit unit, LocalDate next) {
        return units.get(unit.list()).values().stream().flatMap(Collection::stream)
                .filter(m -> next.equals(m.from()) && (m.formedFrom().contains(unit.code())
                        || (m.code().equals(unit.code()) && m.formedFrom().isEmpty() && m.level() == unit.level())))
                .toList();
    }

    /** The units a unit was formed from, each as it stood the day before the unit began (empty for a first list's unit). */
    public List<StructureUnit> predecessorsOf(StructureUnit unit) {
        if (unit.from() == null) {
            return List.of();
        }
        LocalDate dayBefore = unit.from().minusDays(1);
        Stream<String> codes = unit.formedFrom().isEmpty() ? Stream.of(unit.code()) : unit.formedFrom().stream();
        return codes.map(c -> on(unit.list(), c, dayBefore)).flatMap(Optional::stream).toList();
    }
}
