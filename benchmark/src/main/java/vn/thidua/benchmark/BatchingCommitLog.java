package vn.thidua.benchmark;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import vn.thidua.eventlog.store.MongoCommitLog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * command-service's {@link MongoCommitLog} — its positions, document format and hash chain — with its single write
 * (the {@code insertOne} of {@link #insert}, the hook its tests override) replaced by batches: the commit documents
 * are collected and written by one flusher thread with unordered {@code insertMany} of {@code batchSize}, sorted by
 * position. One {@code insertOne} per commit waits for a durable group commit of the embedded server each time, which
 * makes loading a large log slow; batching stores the same documents far faster (docs/benchmarks-history.md).
 * <p>
 * What this changes against the service: {@code append} returns before the document is durable (fine for loading a
 * fresh log; a failed batch stops the load). Positions are still handed out by MongoCommitLog in order; a batch
 * holds consecutive positions except for the few whose writer had not reached {@code insert} yet, which follow in
 * the next batch within milliseconds — far below the publisher's gap timeout (3 s).
 */
final class BatchingCommitLog extends MongoCommitLog implements AutoCloseable {

    private final MongoCollection<Document> events;
    private final int batchSize;
    private final Object lock = new Object();
    private List<Document> buffer = new ArrayList<>();
    private final BlockingQueue<List<Document>> batches = new ArrayBlockingQueue<>(4);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong written = new AtomicLong();
    private final Thread flusher;
    private volatile boolean closing;

    BatchingCommitLog(MongoDatabase database, int tipCacheSize, int batchSize) {
        super(database, tipCacheSize);
        this.events = database.getCollection(COLLECTION);
        this.batchSize = batchSize;
        this.flusher = new Thread(this::flushLoop, "bench-commit-flusher");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    protected void insert(Document commit) {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a batch of commits failed: " + failed, failed);
        }
        List<Document> full = null;
        synchronized (lock) {
            buffer.add(commit);
            if (buffer.size() >= batchSize) {
                full = buffer;
                buffer = new ArrayList<>(batchSize);
            }
        }
        if (full != null) {
            enqueue(full);
        }
    }

    private void enqueue(List<Document> batch) {
        try {
            while (!batches.offer(batch, 1, TimeUnit.SECONDS)) {
                if (failure.get() != null) {
                    throw new IllegalStateException("a batch of commits failed: " + failure.get(), failure.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void flushLoop() {
        InsertManyOptions unordered = new InsertManyOptions().ordered(false);
        while (true) {
            try {
                List<Document> batch = batches.poll(200, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    // a quiet moment: write what was collected so far (the end of the load, a slow writer)
                    synchronized (lock) {
                        if (!buffer.isEmpty()) {
                            batch = buffer;
                            buffer = new ArrayList<>(batchSize);
                        }
                    }
                }
                if (batch == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.sort(Comparator.comparingLong(d -> d.getLong("_id")));
                events.insertMany(batch, unordered);
                written.addAndGet(batch.size());
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    /** Commit documents written so far. */
    long written() {
        return written.get();
    }

    /** Writes what is left and waits for it. */
    @Override
    public void close() {
        List<Document> rest;
        synchronized (lock) {
            rest = buffer;
            buffer = new ArrayList<>();
        }
        if (!rest.isEmpty()) {
            enqueue(rest);
        }
        closing = true;
        try {
            flusher.join(TimeUnit.MINUTES.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a batch of commits failed: " + failure.get(), failure.get());
        }
    }
}
