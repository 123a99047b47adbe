package vn.thidua.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoServerException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

/**
 * The store on a full disk: writes are refused with {@code 14031 OutOfDiskSpace} and change nothing, reads go on,
 * every acknowledged write is kept, and writes are accepted again once there is room, without a restart. Once on a
 * really full file system (a small tmpfs mounted by the test, where the machine allows it), once with the test-only
 * switch that simulates a full disk.
 */
class DiskFullTest {

    static {
        QuietLogging.apply();
    }

    @TempDir
    Path tempDir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void a_full_disk_refuses_writes_keeps_what_was_acknowledged_and_accepts_writes_again_once_there_is_room()
        throws Exception {
        Path mount = Files.createDirectories(tempDir.resolve("small-disk"));
        assumeThat(mountTmpfs(mount, 48)).as("a tmpfs can be mounted here (root, mounts allowed)").isTrue();
        try {
            Path data = mount.resolve("data");
            DurableH2Backend.Options options = DurableH2Backend.Options.defaults().withMinFreeBytes(8L << 20);
            try (DurableMongoServer server = DurableMongoServer.start(data, "127.0.0.1", 0, options);
                 MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCollection<Document> events = client.getDatabase("app").getCollection("events");
                insert(events, 0, 200);

                Path filler = mount.resolve("filler");
                long filled = fillUntilFull(filler);
                assertThat(filled).isPositive();
                assertThat(Files.getFileStore(mount).getUsableSpace()).isLessThan(1L << 20);

                assertRefusedAndUnchanged(events, 200);

                Files.delete(filler);
                insert(events, 200, 300); // accepted again, same process
                assertThat(events.countDocuments()).isEqualTo(300);
            }
            try (DurableMongoServer again = DurableMongoServer.start(data, "127.0.0.1", 0, options);
                 MongoClient client = MongoClients.create(again.connectionString())) {
                MongoCollection<Document> events = client.getDatabase("app").getCollection("events");
                assertThat(events.countDocuments()).as("after a restart").isEqualTo(300);
                assertThat(events.countDocuments(Filters.eq("changed", true))).isZero();
            }
        } finally {
            umount(mount);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void the_test_only_switch_makes_the_store_refuse_writes_as_on_a_full_disk_until_it_is_removed() throws Exception {
        Path data = tempDir.resolve("data");
        Path fullSwitch = tempDir.resolve("disk-full");
        DurableH2Backend.Options options = DurableH2Backend.Options.defaults().withDiskFullSwitch(fullSwitch);
        try (DurableMongoServer server = DurableMongoServer.start(data, "127.0.0.1", 0, options);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> events = client.getDatabase("app").getCollection("events");
            insert(events, 0, 50);

            Files.createFile(fullSwitch);
            assertRefusedAndUnchanged(events, 50);
            assertThat(server.backend().stats().refusedGroups()).isPositive();

            Files.delete(fullSwitch);
            insert(events, 50, 60);
            assertThat(events.countDocuments()).isEqualTo(60);
        }
        try (DurableMongoServer again = DurableMongoServer.start(data, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(client.getDatabase("app").getCollection("events").countDocuments()).isEqualTo(60);
        }
    }

    @Test
    void the_switch_is_off_by_default() {
        assertThat(DurableH2Backend.Options.defaults().diskFullSwitch()).isNull();
        assertThat(DurableH2Backend.Options.defaults().minFreeBytes()).isEqualTo(64L << 20);
    }

    /** Inserts, an update and a new collection are refused with 14031; the documents stay as they were; reads work. */
    private static void assertRefusedAndUnchanged(MongoCollection<Document> events, int count) {
        assertThatThrownBy(() -> events.insertOne(new Document("_id", "refused").append("n", -1)))
            .isInstanceOf(MongoServerException.class)
            .satisfies(e -> assertThat(((MongoServerException) e).getCode()).isEqualTo(DiskSpace.OUT_OF_DISK_SPACE))
            .hasMessageContaining("OutOfDiskSpace");
        assertThatThrownBy(() -> events.updateMany(Filters.empty(), Updates.set("changed", true)))
            .isInstanceOf(MongoServerException.class);
        assertThat(events.countDocuments()).isEqualTo(count);
        assertThat(events.find(Filters.eq("_id", "refused")).first()).isNull();
        assertThat(events.countDocuments(Filters.eq("changed", true))).isZero();
    }

    private static void insert(MongoCollection<Document> events, int from, int to) {
        List<Document> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(new Document("_id", "e" + i).append("n", i).append("payload", "x".repeat(2_000)));
        }
        for (Document d : batch) {
            events.insertOne(d); // one acknowledged write each, as the event store does
        }
    }

    /** Writes zeros until the file system is full; returns the bytes written. */
    private static long fillUntilFull(Path filler) throws IOException {
        long written = 0;
        ByteBuffer block = ByteBuffer.allocate(64 << 10);
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                try {
                    written += channel.write(block);
                } catch (IOException full) {
                    if (block.limit() > 512) { // fill the rest in smaller pieces
                        block = ByteBuffer.allocate(block.limit() / 2);
                        continue;
                    }
                    return written;
                }
            }
        }
    }

    static boolean mountTmpfs(Path dir, int megabytes) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
    }

    static void umount(Path dir) {
        run("umount", dir.toString());
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
