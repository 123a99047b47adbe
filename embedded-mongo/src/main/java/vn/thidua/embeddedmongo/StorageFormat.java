package vn.thidua.embeddedmongo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The format of the embedded server's data file, and the migration from the previous one.
 * <ul>
 *   <li><b>Format 1</b> (mongo-java-server's stock H2 backend): every map on H2's default {@code ObjectDataType},
 *   i.e. documents, index keys and positions written with Java serialization.</li>
 *   <li><b>Format 2</b>: documents, index keys and positions as BSON ({@link StoredTypes}); a map
 *   {@value #FORMAT_MAP} says so. Format-2 pages cannot be read as format 1 and vice versa, hence the marker.</li>
 * </ul>
 * A format-1 file found at start is copied map by map into a new file, which then takes its name; the old file is
 * kept next to it ({@code mongo.mv.format1}) until somebody deletes it. A crash during the copy leaves the old file
 * in place (the copy is started again); a crash between the two renames is finished at the next start.
 */
final class StorageFormat {

    private static final Logger log = LoggerFactory.getLogger(StorageFormat.class);

    static final String FORMAT_MAP = "thidua.storage";
    static final String FORMAT_KEY = "format";
    static final int CURRENT = 2;
    private static final int COMMIT_EVERY = 10_000;

    private StorageFormat() {
    }

    /** The format of an open store: its marker, else 1 if it holds any collection, else 0 (empty, new). */
    static int of(MVStore store) {
        if (store.hasMap(FORMAT_MAP)) {
            MVMap<String, Object> marker = store.openMap(FORMAT_MAP);
            return ((Number) marker.get(FORMAT_KEY)).intValue();
        }
        boolean holdsData = store.getMapNames().stream().anyMatch(StoredTypes::isTyped);
        return holdsData ? 1 : 0;
    }

    /** Marks a new (empty) store as being in the current format. */
    static void mark(MVStore store) {
        MVMap<String, Object> marker = store.openMap(FORMAT_MAP);
        marker.put(FORMAT_KEY, CURRENT);
    }

    static Path migratingFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".format2-migrating");
    }

    static Path backupFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".format1");
    }

    /** Finishes a migration interrupted between its renames, or forgets one interrupted during the copy. */
    static void recover(Path file) {
        Path migrating = migratingFile(file);
        try {
            if (!Files.exists(file) && Files.exists(migrating) && Files.exists(backupFile(file))) {
                log.info("finishing the migration of '{}' to storage format {}", file, CURRENT);
                Files.move(migrating, file, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(migrating);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover the migration of " + file, e);
        }
    }

    /**
     * Copies a closed format-1 file into the current format and puts the copy in its place.
     *
     * @return the number of entries copied
     */
    static long migrate(Path file) {
        Path migrating = migratingFile(file);
        Path backup = backupFile(file);
        long started = System.nanoTime();
        long entries = 0;
        try {
            if (Files.exists(backup)) {
                throw new IllegalStateException("cannot keep the format-1 file as '" + backup
                    + "': that file exists already; move it away and start again");
            }
            Files.deleteIfExists(migrating);
            try (MVStore source = new MVStore.Builder().fileName(file.toString()).readOnly().open();
                 MVStore target = new MVStore.Builder().fileName(migrating.toString()).autoCommitDisabled().open()) {
                for (String name : source.getMapNames()) {
                    MVMap<Object, Object> from = source.openMap(name);
                    StoredTypes.open(target, name);
                    MVMap<Object, Object> to = target.openMap(name);
                    for (var entry : from.entrySet()) {
                        to.put(entry.getKey(), entry.getValue());
                        if (++entries % COMMIT_EVERY == 0) {
                            target.commit();
                        }
                    }
                }
                mark(target);
                target.commit();
            }
            Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
            Files.move(migrating, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot migrate " + file + " to storage format " + CURRENT, e);
        }
        log.info("migrated '{}' to storage format {}: {} entries in {} ms; the old file is kept as '{}'",
            file, CURRENT, entries, (System.nanoTime() - started) / 1_000_000, backup);
        return entries;
    }
}
