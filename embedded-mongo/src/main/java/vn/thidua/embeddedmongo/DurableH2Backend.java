package vn.thidua.embeddedmongo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * An {@link H2Backend} whose acknowledged writes survive {@code kill -9} of the process, with group commit.
 *
 * <h2>Why</h2>
 * The stock H2 file backend lets the MVStore commit in the background about once a second, so a killed
 * process loses up to a second of writes that clients already saw acknowledged; with this class none is lost
 * ({@code AcknowledgedWritesSurviveKillTest}; the figures are in docs/benchmarks-history.md).
 *
 * <h2>How</h2>
 * <ul>
 *   <li>The MVStore is opened with auto-commit disabled <em>and</em> {@code autoCommitBufferSize(0)} (otherwise
 *   MVStore still commits from whichever thread happens to write once ~1-19 MB of changes are unsaved),
 *   so the only commits are ours.</li>
 *   <li>All commands that may change the store ({@link WriteCommands}) are executed by one thread, the
 *   <em>writer</em>. It takes every write queued so far, executes them one after the other, then commits the
 *   MVStore once and only then completes their futures (group commit). A write's reply is therefore sent only
 *   after a commit that started after the write completed; writes arriving during a commit form the next
 *   group. Because no write is running while the writer commits, every commit is a consistent snapshot: a
 *   crash never persists half of a write (for example a unique-index entry without its document, which would
 *   turn the client's retry into a false duplicate-key error).</li>
 *   <li>Read-only commands keep running concurrently on the caller's (netty) thread. They pin the MVStore
 *   version they read ({@link MVStore#registerVersionUsage()}) so that chunks they may still read are not
 *   overwritten, which is what allows a short chunk retention time (see {@link Options#retentionMillis}).
 *   A read sees a write as soon as the writer executed it, i.e. possibly a few milliseconds before the write is
 *   durable and acknowledged (like MongoDB's default read concern "local"). A crash can therefore undo a write
 *   somebody has read, but never one that was acknowledged; and since every commit is a snapshot of the whole
 *   store, anything written to this store in reaction to such a read is undone with it.</li>
 *   <li>A command on a database that is not open yet is treated as a write: opening a database creates its
 *   MVStore maps.</li>
 *   <li>Writes run on one thread. mongo-java-server serialises writes to a collection anyway
 *   ({@code AbstractSynchronizedMongoCollection}); what is lost is parallelism between writes to different
 *   collections.</li>
 *   <li>Between groups, and when idle, the writer compacts the file (rewrites sparsely used chunks and moves
 *   chunks to the front so the file can be truncated). Without this, each commit adds a new chunk (tens of KB)
 *   and the file grows without bound.</li>
 * </ul>
 *
 * <h2>Durability level</h2>
 * A commit hands the chunk to the operating system ({@code FileChannel.write}); data in the OS page cache
 * survives the death of the process ({@code kill -9}, OOM kill, crash of the JVM), which is the guarantee this
 * class is built for. It does <em>not</em> survive a kernel crash or power loss unless {@link Options#fsync}
 * is set, which adds an {@code fsync} to every group commit (cost depends on the disk; the local stack sets it,
 * ADR 0013).
 *
 * <h2>A full disk</h2>
 * H2 closes the whole MVStore when a chunk write fails, so the writer never lets a commit run the disk full: before
 * each group it asks {@link DiskSpace}, and while the data directory has less than {@link Options#minFreeBytes} free
 * it refuses the group's commands ({@code 14031 OutOfDiskSpace}, nothing executed, reads unaffected) and skips
 * compaction; the first group after space returned is executed as usual.
 *
 * <h2>Use</h2>
 * {@link #handleCommand} can be called from any thread: for a write it blocks until the covering commit
 * completed. A netty pipeline should rather call {@link #submitWrite} and reply when the future completes, so
 * that no event-loop thread waits for a commit; {@link DurableMongoServer} does that.
 */
public class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    /**
     * Tuning knobs.
     *
     * @param fsync              {@code fsync} after every group commit: also survive power loss / kernel crash
     *                           (not needed for {@code kill -9}, see the class comment)
     * @param retentionMillis    how long MVStore keeps chunks that no longer hold live data before their space
     *                           is reused. H2's default, 45 s, is meant to outlast the OS write-back of an
     *                           un-fsynced file after a power loss; with a commit every few milliseconds it keeps
     *                           hundreds of MB of dead chunks (each commit writes a ~40 KB chunk). Process death
     *                           does not need it: the page cache keeps what was written, in order. Readers do not
     *                           need it either: every read pins the version it reads
     *                           ({@link MVStore#registerVersionUsage()}), and chunks still needed by a pinned
     *                           version are never reused. Default 0: a smaller peak file, the same size after
     *                           compaction (docs/benchmarks-history.md).
     *                           Without {@code fsync} a power loss may then damage more than the last writes; with
     *                           {@code fsync} every commit is on disk before a later one can reuse space.
     * @param housekeepingMillis how often the writer compacts while writes keep coming (and how long it waits
     *                           without writes before it compacts harder)
     * @param compactWriteBytes  live bytes rewritten at most per housekeeping round while busy (8x when idle);
     *                           bounds the time the writer compacts instead of writing
     * @param maxGroupSize       maximum number of write commands covered by one commit
     * @param cacheMb            MVStore's page cache (H2's default: 16 MB); pages read from it are not decoded again.
     *                           Default 384 MB of the process's heap: a rebuild reads the same pages again and again,
     *                           and runs markedly faster than with 128 MB (ADR 0007)
     * @param minFreeBytes       writes are refused ({@link DiskSpace}: error 14031 OutOfDiskSpace, nothing executed)
     *                           while the data directory's file system has less free space than this; they are
     *                           accepted again, without a restart, once there is. Default 64 MB: far more than one
     *                           group commit writes, so a commit never runs the disk full (H2 closes the store when a
     *                           write fails)
     * @param diskFullSwitch     <b>test only</b>, null by default: while this file exists, the store acts as if its
     *                           disk were full (the fault suite's disk-full fault where the machine forbids mounts)
     */
    public record Options(boolean fsync, int retentionMillis, int housekeepingMillis, int compactWriteBytes,
                          int maxGroupSize, int cacheMb, long minFreeBytes, Path diskFullSwitch) {

        public static Options defaults() {
            return new Options(false, 0, 500, 2 << 20, 1_000, 384, 64L << 20, null);
        }

        public Options withFsync(boolean fsync) {
            return new Options(fsync, retentionMillis, housekeepingMillis, compactWriteBytes, maxGroupSize, cacheMb,
                minFreeBytes, diskFullSwitch);
        }

        public Options withRetentionMillis(int retentionMillis) {
            return new Options(fsync, retentionMillis, housekeepingMillis, compactWriteBytes, maxGroupSize, cacheMb,
                minFreeBytes, diskFullSwitch);
        }

        public Options withHousekeeping(int housekeepingMillis, int compactWriteBytes) {
            return new Options(fsync, retentionMillis, housekeepingMillis, compactWriteBytes, maxGroupSize, cacheMb,
                minFreeBytes, diskFullSwitch);
        }

        public Options withCacheMb(int cacheMb) {
            return new Options(fsync, retentionMillis, housekeepingMillis, compactWriteBytes, maxGroupSize, cacheMb,
                minFreeBytes, diskFullSwitch);
        }

        public Options withMinFreeBytes(long minFreeBytes) {
            return new Options(fsync, retentionMillis, housekeepingMillis, compactWriteBytes, maxGroupSize, cacheMb,
                minFreeBytes, diskFullSwitch);
        }

        /** Test only: while {@code file} exists the store acts as if its disk were full. Never set in production. */
        public Options withDiskFullSwitch(Path file) {
            return new Options(fsync, retentionMillis, housekeepingMillis, compactWriteBytes, maxGroupSize, cacheMb,
                minFreeBytes, file);
        }
    }

    /** While writes keep coming: rewrite chunks at most this % live, when all chunks together are below it. */
    private static final int BUSY_CHUNK_FILL_TARGET = 50;
    /** While writes keep coming: move chunks / truncate when less than this % of the file is in use. */
    private static final int BUSY_FILE_FILL_TARGET = 60;
    /** Idle (and at close): compact harder. */
    private static final int IDLE_CHUNK_FILL_TARGET = 80;
    private static final int IDLE_FILE_FILL_TARGET = 90;

    /** Counters, for tests and benchmarks. */
    public record Stats(long writes, long commits, long fsyncs, long compactions, long refusedGroups,
                        long fileSizeBytes) {
    }

    private final MVStore mvStore;
    private final CompactingFileStore fileStore;
    private final Options options;
    private final BlockingQueue<WriteTask<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong refusedGroups = new AtomicLong();
    private final DiskSpace diskSpace;
    /** Set by the writer while it executes a group on a full disk: every command of the group is refused. */
    private DiskSpace.Full full;
    private volatile boolean closing;
    private volatile boolean closed;

    /**
     * Opens (or creates) the store file and starts the writer thread.
     *
     * @param file the MVStore file, e.g. {@code dataDir/mongo.mv}; parent directories are created
     */
    public static DurableH2Backend open(Path file, Options options) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create directory for " + file, e);
        }
        log.info("opening durable MVStore in '{}' ({})", file, options);
        StorageFormat.recover(file);
        MVStore mvStore = openStore(file, options.cacheMb());
        try {
            int format = StorageFormat.of(mvStore);
            if (format == 1) {
                mvStore.close();
                StorageFormat.migrate(file);
                mvStore = openStore(file, options.cacheMb());
                format = StorageFormat.of(mvStore);
            }
            if (format == 0) {
                StorageFormat.mark(mvStore);
            } else if (format != StorageFormat.CURRENT) {
                throw new IllegalStateException("'" + file + "' is in storage format " + format
                    + "; this version reads " + StorageFormat.CURRENT);
            }
        } catch (RuntimeException e) {
            if (!mvStore.isClosed()) {
                mvStore.close();
            }
            throw e;
        }
        mvStore.setRetentionTime(options.retentionMillis());
        // MVStore keeps the last 5 versions readable for readers that did not register; ours register (see
        // handleCommand), and with the default a chunk emptied while idle would wait for 5 more commits
        mvStore.setVersionsToKeep(0);
        return new DurableH2Backend(mvStore, options);
    }

    private static MVStore openStore(Path file, int cacheMb) {
        CompactingFileStore fileStore = new CompactingFileStore();
        fileStore.open(file.toString(), false, null);
        try {
            return new MVStore.Builder()
                .adoptFileStore(fileStore) // closed together with the MVStore
                .autoCommitDisabled()      // no background commit thread
                .autoCommitBufferSize(0)   // and no commit from a writing thread when unsaved memory grows
                .cacheSize(cacheMb)
                .open();
        } catch (RuntimeException e) {
            fileStore.close();
            throw e;
        }
    }

    public static DurableH2Backend open(Path file) {
        return open(file, Options.defaults());
    }

    protected DurableH2Backend(MVStore mvStore, Options options) {
        super(mvStore);
        this.mvStore = mvStore;
        this.fileStore = (CompactingFileStore) mvStore.getFileStore();
        this.options = options;
        this.diskSpace = new DiskSpace(fileStore.getFileName(), options.minFreeBytes(), options.diskFullSwitch());
        // databases opened by the H2Backend constructor may have created maps: make that durable right away
        commitIfChanged();
        this.writer = new Thread(this::writerLoop, "mongo-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Every database's maps are opened with the BSON types of {@link StoredTypes} (storage format 2). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return TypedH2Database.create(databaseName, getMvStore(), getCursorRegistry());
    }

    // ------------------------------------------------------------------------------------------ commands

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (isWriterThread()) {
            refuseIfFull();
            return super.handleCommand(channel, databaseName, command, query);
        }
        if (requiresCommit(databaseName, command, query)) {
            return awaitWrite(() -> super.handleCommand(channel, databaseName, command, query));
        }
        MVStore.TxCounter pin = mvStore.registerVersionUsage();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            mvStore.deregisterVersionUsage(pin);
        }
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        // legacy OP_QUERY on a collection: a read, but the first access to a database creates its maps
        if (isWriterThread()) {
            refuseIfFull();
            return super.handleQuery(query);
        }
        if (!isKnownDatabase(query.getDatabaseName())) {
            return awaitWrite(() -> super.handleQuery(query));
        }
        MVStore.TxCounter pin = mvStore.registerVersionUsage();
        try {
            return super.handleQuery(query);
        } finally {
            mvStore.deregisterVersionUsage(pin);
        }
    }

    @Override
    public void dropDatabase(String databaseName) {
        if (isWriterThread()) {
            refuseIfFull();
            super.dropDatabase(databaseName);
        } else {
            awaitWrite(() -> {
                super.dropDatabase(databaseName);
                return null;
            });
        }
    }

    /**
     * @return whether the command must run on the writer and be acknowledged only after a commit. Besides the
     * write commands this includes any command on a database not opened yet: opening it creates MVStore maps.
     */
    boolean requiresCommit(String databaseName, String command, Document query) {
        return WriteCommands.isWrite(command, query) || !isKnownDatabase(databaseName);
    }

    private boolean isKnownDatabase(String databaseName) {
        return databaseName == null || ADMIN_DB_NAME.equals(databaseName)
            || listDatabaseNames().contains(databaseName);
    }

    private static final String ADMIN_DB_NAME = "admin";

    /**
     * Runs {@code work} on the writer thread. The future completes (with the result or the exception of
     * {@code work}) only after an MVStore commit that started after {@code work} finished has completed.
     * Completion happens on the writer thread: keep callbacks short or hop to another executor.
     */
    public <T> CompletableFuture<T> submitWrite(Callable<T> work) {
        WriteTask<T> task = new WriteTask<>(work);
        if (closing) {
            task.future.completeExceptionally(new MongoServerException("the server is shutting down"));
            return task.future;
        }
        queue.add(task);
        if (closed) {
            // the writer may have exited between our check and add(): make sure nobody waits forever
            failPending();
        }
        return task.future;
    }

    private <T> T awaitWrite(Callable<T> work) {
        try {
            return submitWrite(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MongoServerException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            throw propagate(e.getCause());
        }
    }

    static RuntimeException propagate(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException runtimeException) {
            return runtimeException;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new MongoServerException("write failed: " + t, t);
    }

    private void refuseIfFull() {
        if (full != null) {
            throw full.refusal();
        }
    }

    private boolean isWriterThread() {
        return Thread.currentThread() == writer;
    }

    // ------------------------------------------------------------------------------------------ writer

    private static final class WriteTask<T> {
        final Callable<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        WriteTask(Callable<T> work) {
            this.work = work;
        }

        void execute() {
            try {
                result = work.call();
            } catch (Throwable t) {
                failure = t;
            }
        }

        void complete(Throwable commitFailure) {
            if (commitFailure != null) {
                future.completeExceptionally(commitFailure);
            } else if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    /** Queued by {@link #close()}: the writer handles everything queued before it, then exits. */
    private static final WriteTask<Void> STOP = new WriteTask<>(() -> null);

    private void writerLoop() {
        List<WriteTask<?>> group = new ArrayList<>();
        long nextHousekeeping = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.housekeepingMillis());
        try {
            while (true) {
                WriteTask<?> first = queue.poll(Math.max(1, options.housekeepingMillis()), TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    housekeeping(true);
                    nextHousekeeping = System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(options.housekeepingMillis());
                    continue;
                }
                group.add(first);
                queue.drainTo(group, options.maxGroupSize() - 1);
                boolean stop = group.remove(STOP);
                full = diskSpace.check();
                if (full != null) {
                    refusedGroups.incrementAndGet();
                }
                try {
                    for (WriteTask<?> task : group) {
                        task.execute();
                    }
                } finally {
                    full = null;
                }
                Throwable commitFailure = null;
                try {
                    commitIfChanged();
                } catch (Throwable t) {
                    log.error("MVStore commit failed; failing {} writes", group.size(), t);
                    commitFailure = new MongoServerException("commit failed: " + t.getMessage(), t);
                }
                writes.addAndGet(group.size());
                for (WriteTask<?> task : group) {
                    task.complete(commitFailure);
                }
                group.clear();
                if (stop) {
                    break;
                }
                if (System.nanoTime() - nextHousekeeping > 0) {
                    housekeeping(false);
                    nextHousekeeping = System.nanoTime()
                        + TimeUnit.MILLISECONDS.toNanos(options.housekeepingMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("group-commit writer died", t);
        } finally {
            closed = true;
            failPending();
        }
    }

    private void failPending() {
        WriteTask<?> task;
        while ((task = queue.poll()) != null) {
            task.future.completeExceptionally(new MongoServerException("the server is shutting down"));
        }
    }

    private void commitIfChanged() {
        if (mvStore.hasUnsavedChanges()) {
            mvStore.commit();
            commits.incrementAndGet();
            if (options.fsync()) {
                mvStore.sync();
                fsyncs.incrementAndGet();
            }
        }
    }

    /**
     * Keeps the file small. Runs on the writer thread between groups, so no write is in progress. Does what
     * MVStore's own background thread would do (it does not exist with auto-commit disabled), but only rewrites
     * sparse chunks (see {@link CompactingFileStore}).
     *
     * @param idle no write arrived during the last housekeeping interval (or closing): compact harder
     * @return whether anything was rewritten or moved
     */
    private boolean housekeeping(boolean idle) {
        if (mvStore.isClosed() || diskSpace.check() != null) {
            return false; // compacting writes chunks too
        }
        try {
            int budget = idle ? 8 * options.compactWriteBytes() : options.compactWriteBytes();
            int chunkFillTarget = idle ? IDLE_CHUNK_FILL_TARGET : BUSY_CHUNK_FILL_TARGET;
            int fileFillTarget = idle ? IDLE_FILE_FILL_TARGET : BUSY_FILE_FILL_TARGET;
            boolean compacted = false;
            // 0. free the space of chunks that are dead and older than the retention time (MVStore does this only
            //    while committing, so without writes freed chunks would keep counting as used)
            mvStore.executeFilestoreOperation(fileStore::dropUnusedChunks);
            commitIfChanged();
            // 1. copy the live pages of sparse chunks into a new one, so the sparse chunks become garbage
            if (fileStore.getChunksFillRate() < chunkFillTarget
                && fileStore.rewriteSparseChunks(mvStore, budget, chunkFillTarget)) {
                commitIfChanged();
                compacted = true;
            }
            // 2. move chunks from the end of the file into free space before them, then truncate the file
            if (fileStore.getFillRate() < fileFillTarget) {
                long sizeBefore = fileStore.size();
                fileStore.compactMoveChunks(fileFillTarget, budget, mvStore);
                compacted |= fileStore.size() != sizeBefore;
            }
            if (compacted) {
                compactions.incrementAndGet();
            }
            return compacted;
        } catch (RuntimeException e) {
            log.warn("MVStore housekeeping failed", e);
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    public Stats stats() {
        long size = mvStore.isClosed() ? -1 : fileStore.size();
        return new Stats(writes.get(), commits.get(), fsyncs.get(), compactions.get(), refusedGroups.get(), size);
    }

    public Options options() {
        return options;
    }

    /** Waits for queued writes, commits them, stops the writer and closes the store. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("group-commit writer did not stop within 30 s");
            writer.interrupt();
        }
        closed = true;
        failPending();
        try {
            commitIfChanged();
            // leave a compact file behind: a few idle rounds, at most ~2 s
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (housekeeping(true) && System.nanoTime() - deadline < 0) {
                log.debug("compacted on close: {} bytes", fileStore.size());
            }
            commitIfChanged();
        } catch (RuntimeException e) {
            log.warn("final commit failed", e);
        }
        super.close();
    }
}
