package vn.thidua.systemtests.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The disk of the MongoDB-wire server's data directory, made small so that a fault can fill it: a tmpfs mounted on the
 * data directory where the machine allows it (root, mounts permitted), filled with a file of zeros and emptied again.
 * Where it does not, the store's test-only switch ({@code --test-disk-full-switch}, a file whose presence makes the
 * store act as if its disk were full) stands in for the full disk, and {@link #how()} says so; so it does with
 * {@code -Dthidua.faults.mount=false} ({@code FAULTS_NO_MOUNT=1 ./faults.sh}), to try that path where mounts work.
 */
final class SmallDisk implements AutoCloseable {

    /** The tmpfs's size: the system's whole data set fits many times over; filling it costs this much memory. */
    static final int MEGABYTES = 768;

    private final Path dataDir;
    private final Path simulatedFullSwitch;
    private final boolean mounted;
    private final Path filler;

    private SmallDisk(Path dataDir, Path simulatedFullSwitch, boolean mounted) {
        this.dataDir = dataDir;
        this.simulatedFullSwitch = simulatedFullSwitch;
        this.mounted = mounted;
        this.filler = dataDir.resolve("disk-full-filler");
    }

    /** Mounts a tmpfs on {@code dataDir} (before the store starts on it), or prepares the switch where that fails. */
    static SmallDisk on(Path dataDir, Path simulatedFullSwitch) {
        run("umount", dataDir.toString()); // left over by a run that was killed
        boolean mounted = Boolean.parseBoolean(System.getProperty("thidua.faults.mount", "true"))
                && run("mount", "-t", "tmpfs", "-o", "size=" + MEGABYTES + "m", "tmpfs", dataDir.toString());
        return new SmallDisk(dataDir, simulatedFullSwitch, mounted);
    }

    /** The store's arguments: the switch where no disk could be mounted. */
    List<String> storeArguments() {
        return mounted ? List.of() : List.of("--test-disk-full-switch", simulatedFullSwitch.toString());
    }

    boolean mounted() {
        return mounted;
    }

    String how() {
        return mounted
                ? "a tmpfs of %d MB mounted on the store's data directory, filled with a file of zeros".formatted(MEGABYTES)
                : "write failure injected into the store (--test-disk-full-switch): no tmpfs could be mounted here"
                        + (Boolean.parseBoolean(System.getProperty("thidua.faults.mount", "true")) ? "" : " (-Dthidua.faults.mount=false)");
    }

    /**
     * Fills the disk: first to below the store's reserve (it starts refusing writes), then after a second, once a
     * commit already under way is written, to the last byte. Returns the bytes written (0 with the switch).
     */
    long fill(long storeReserveBytes) {
        try {
            if (!mounted) {
                Files.writeString(simulatedFullSwitch, "disk full (simulated by the fault suite)");
                return 0;
            }
            try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                long written = write(channel, freeBytes() - storeReserveBytes / 2);
                Processes.hold(java.time.Duration.ofSeconds(1));
                return written + write(channel, Long.MAX_VALUE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives the space back. */
    void release() throws IOException {
        Files.deleteIfExists(mounted ? filler : simulatedFullSwitch);
    }

    long freeBytes() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes zeros until {@code bytes} are written or the file system is full. */
    private static long write(FileChannel channel, long bytes) {
        long written = 0;
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
        while (written < bytes) {
            block.clear();
            if (bytes - written < block.capacity()) {
                block.limit((int) (bytes - written));
            }
            try {
                written += channel.write(block);
            } catch (IOException full) {
                if (block.capacity() <= 4096) {
                    break;
                }
                block = ByteBuffer.allocateDirect(block.capacity() / 16);
            }
        }
        return written;
    }

    /** Unmounts the tmpfs (its data goes with it); the store must be stopped first. */
    @Override
    public void close() {
        if (mounted && !run("umount", dataDir.toString())) {
            run("umount", "-l", dataDir.toString());
        }
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
