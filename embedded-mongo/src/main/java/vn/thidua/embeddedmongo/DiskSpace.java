package vn.thidua.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * Whether the store's disk has room for another group commit. H2 closes the whole MVStore when a chunk write fails
 * (no space left on the device), after which nothing can be read or written until it is reopened; so the writer
 * asks this before every group and refuses the group's commands while less than {@code minFreeBytes} is free. A
 * refused command changes nothing and gets MongoDB's error {@code 14031 OutOfDiskSpace}; the first group after space
 * returned is accepted again, in the same process.
 * <p>
 * The switch file is a test-only way of simulating a full disk where the test cannot mount a small file system
 * ({@link DurableH2Backend.Options#diskFullSwitch()}); it is never set by default.
 */
final class DiskSpace {

    private static final Logger log = LoggerFactory.getLogger(DiskSpace.class);

    /** MongoDB's own code for "not enough disk space". */
    static final int OUT_OF_DISK_SPACE = 14031;

    /** The disk is full: what it has, what the store needs. */
    record Full(long freeBytes, long minFreeBytes, boolean simulated) {

        MongoServerError refusal() {
            MongoServerError error = new MongoServerError(OUT_OF_DISK_SPACE, "OutOfDiskSpace",
                "write refused: %s MB free on the store's disk, %d MB needed%s".formatted(
                    freeBytes >> 20, minFreeBytes >> 20, simulated ? " (simulated disk full)" : ""));
            error.setLogError(false); // logged once when the disk fills up, not once per refused command
            return error;
        }
    }

    private final Path directory;
    private final FileStore fileSystem;
    private final long minFreeBytes;
    private final Path simulatedFullSwitch;
    private boolean wasFull;

    DiskSpace(String dataFile, long minFreeBytes, Path simulatedFullSwitch) {
        this.directory = Path.of(dataFile).toAbsolutePath().getParent();
        this.minFreeBytes = minFreeBytes;
        this.simulatedFullSwitch = simulatedFullSwitch;
        try {
            this.fileSystem = Files.getFileStore(directory); // asks the file system of the path anew on every call
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find the file system of " + directory, e);
        }
        if (simulatedFullSwitch != null) {
            log.warn("TEST ONLY: the disk counts as full while {} exists", simulatedFullSwitch);
        }
    }

    /** @return null while there is room for writes, else what is missing (logged when it changes) */
    Full check() {
        Full full = measure();
        if (full != null && !wasFull) {
            log.error("The store's disk is full ({} MB free in {}, {} MB needed{}): refusing writes until there is room",
                full.freeBytes() >> 20, directory, minFreeBytes >> 20, full.simulated() ? ", simulated" : "");
        } else if (full == null && wasFull) {
            log.warn("The store's disk has room again: accepting writes");
        }
        wasFull = full != null;
        return full;
    }

    private Full measure() {
        if (simulatedFullSwitch != null && Files.exists(simulatedFullSwitch)) {
            return new Full(0, minFreeBytes, true);
        }
        if (minFreeBytes <= 0) {
            return null;
        }
        try {
            long free = fileSystem.getUsableSpace();
            return free < minFreeBytes ? new Full(free, minFreeBytes, false) : null;
        } catch (IOException e) {
            log.warn("cannot measure the free space of {}: {}", directory, e.toString());
            return null;
        }
    }
}
