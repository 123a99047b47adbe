package vn.thidua.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The class-data cache of a service is keyed by its jar's contents: a copy shares it, a rebuilt jar gets its own. */
class SharedClassesKeyTest {

    @TempDir
    Path dir;

    @Test
    void a_copy_of_the_same_jar_has_the_same_key_and_a_changed_class_another() throws IOException {
        Path jar = jar("a.jar", "class A v1");
        Path copy = Files.copy(jar, dir.resolve("copy.jar"));
        Path rebuilt = jar("b.jar", "class A v2");

        assertThat(LocalStack.contentKey(copy)).isEqualTo(LocalStack.contentKey(jar));
        assertThat(LocalStack.contentKey(rebuilt)).isNotEqualTo(LocalStack.contentKey(jar));
    }

    private Path jar(String name, String classBytes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/A.class"));
            zip.write(classBytes.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
