package vn.thidua.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Districts, communes and units with their official codes, loaded once from versioned CSV files.
 * The default is the Bắc Giang list shipped in this module; {@link #fromFiles} loads other lists
 * (same columns) for another province or the national-scale benchmark.
 */
public final class ReferenceData {

    public static final String ADMIN_UNITS = "admin-units-bac-giang-2017-10-15.csv";
    public static final String UNITS = "units-bac-giang-v1.csv";
    /** The province the shipped lists describe: Bắc Giang, GSO code 24 (also the province of configured lists). */
    public static final String PROVINCE_CODE = "24";
    public static final String PROVINCE_NAME = "Tỉnh Bắc Giang";

    private final String version;
    private final Map<String, District> districts;
    private final Map<String, Commune> communes;
    private final Map<String, Unit> units;

    private ReferenceData(String version, List<String[]> adminRows, List<String[]> unitRows) {
        this.version = version;
        Map<String, District> d = new LinkedHashMap<>();
        Map<String, Commune> c = new LinkedHashMap<>();
        for (String[] row : adminRows) {
            require(row, 5, "district_code,district,commune_code,commune,type");
            d.putIfAbsent(row[0], new District(row[0], nfc(row[1])));
            if (c.put(row[2], new Commune(row[2], nfc(row[3]), row[4], row[0])) != null) {
                throw new IllegalArgumentException("Commune code %s appears twice".formatted(row[2]));
            }
        }
        Map<String, Unit> u = new LinkedHashMap<>();
        for (String[] row : unitRows) {
            require(row, 3, "unit_id,name,kind,district_code");
            String district = row.length > 3 && !row[3].isBlank() ? row[3] : null;
            if (district != null && !d.containsKey(district)) {
                throw new IllegalArgumentException("Unit %s names an unknown district %s".formatted(row[0], district));
            }
            if (u.put(row[0], new Unit(row[0], nfc(row[1]), row[2], district)) != null) {
                throw new IllegalArgumentException("Unit id %s appears twice".formatted(row[0]));
            }
        }
        this.districts = Collections.unmodifiableMap(d);
        this.communes = Collections.unmodifiableMap(c);
        this.units = Collections.unmodifiableMap(u);
    }

    /** The Bắc Giang lists shipped with the application. */
    public static ReferenceData bacGiang() {
        return new ReferenceData("bac-giang-2017-10-15+units-v1",
                parse(resource(ADMIN_UNITS)), parse(resource(UNITS)));
    }

    /** Lists from files; either may be {@code null} to keep the shipped one. */
    public static ReferenceData fromFiles(Path adminUnits, Path unitList) {
        if (adminUnits == null && unitList == null) {
            return bacGiang();
        }
        String version = (adminUnits == null ? "bac-giang-2017-10-15" : adminUnits.getFileName().toString())
                + "+" + (unitList == null ? "units-v1" : unitList.getFileName().toString());
        return new ReferenceData(version,
                parse(adminUnits == null ? resource(ADMIN_UNITS) : file(adminUnits)),
                parse(unitList == null ? resource(UNITS) : file(unitList)));
    }

    /** The GSO code of the province these lists describe. */
    public String provinceCode() {
        return PROVINCE_CODE;
    }

    public String provinceName() {
        return PROVINCE_NAME;
    }

    /** Which lists were loaded, e.g. {@code bac-giang-2017-10-15+units-v1}. */
    public String version() {
        return version;
    }

    public Optional<Commune> commune(String code) {
        return Optional.ofNullable(code == null ? null : communes.get(code));
    }

    public Optional<Unit> unit(String id) {
        return Optional.ofNullable(id == null ? null : units.get(id));
    }

    public Optional<District> district(String code) {
        return Optional.ofNullable(code == null ? null : districts.get(code));
    }

    public Collection<District> districts() {
        return districts.values();
    }

    public Collection<Commune> communes() {
        return communes.values();
    }

    public Collection<Unit> units() {
        return units.values();
    }

    /** The text of a list shipped with this module under {@code reference/} (e.g. an example version to import). */
    public static String shippedText(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void require(String[] row, int columns, String header) {
        if (row.length < columns) {
            throw new IllegalArgumentException("A row has %d columns, expected %s: %s"
                    .formatted(row.length, header, String.join(",", row)));
        }
    }

    private static String nfc(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFC);
    }

    private static InputStream resource(String name) {
        InputStream in = ReferenceData.class.getResourceAsStream("/reference/" + name);
        if (in == null) {
            throw new IllegalStateException("Reference list /reference/%s is not on the class path".formatted(name));
        }
        return in;
    }

    private static InputStream file(Path path) {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read reference list " + path, e);
        }
    }

    /** Header line skipped; no quoted fields in these lists (names contain no commas). */
    private static List<String[]> parse(InputStream in) {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null) {
                throw new IllegalArgumentException("Empty reference list");
            }
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
