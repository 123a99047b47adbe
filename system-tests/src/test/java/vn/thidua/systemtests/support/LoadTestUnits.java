package vn.thidua.systemtests.support;

import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.Unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The unit list the command-service loads in the system tests ({@code THIDUA_REFERENCE_UNITS}): the shipped
 * Bắc Giang units plus synthetic units {@code PTP-001 … PTP-199} and {@code DV-001 … DV-199}, so load tests can
 * enrol more units per movement than the province has. Commands naming any other unit are still refused.
 */
public final class LoadTestUnits {

    public static final int SYNTHETIC_PER_PREFIX = 199;

    private LoadTestUnits() {
    }

    public static synchronized Path file(Path directory) {
        Path file = directory.resolve("units-load-test.csv");
        if (Files.exists(file)) {
            return file;
        }
        StringBuilder csv = new StringBuilder("unit_id,name,kind,district_code\n");
        for (Unit u : ReferenceData.bacGiang().units()) {
            csv.append("%s,%s,%s,%s%n".formatted(u.id(), u.name(), u.kind(), u.districtCode() == null ? "" : u.districtCode()));
        }
        for (String prefix : new String[]{"PTP", "DV"}) {
            for (int i = 1; i <= SYNTHETIC_PER_PREFIX; i++) {
                csv.append("%s-%03d,Đơn vị thử tải %s %d,DIVISION,%n".formatted(prefix, i, prefix, i));
            }
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
