package vn.thidua.systemtests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** {@code target/system-tests/<TestClass>}: data directories and service logs of one test class, emptied first. */
public final class WorkDir {

    private WorkDir() {
    }

    public static Path fresh(Class<?> testClass) {
        return fresh(testClass.getSimpleName());
    }

    /** {@code target/system-tests/<name>}, emptied first. */
    public static Path fresh(String name) {
        Path base = Path.of(System.getProperty("thidua.work-dir", "target/system-tests"));
        Path dir = base.resolve(name).toAbsolutePath().normalize();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
