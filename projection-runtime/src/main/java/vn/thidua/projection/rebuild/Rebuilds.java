package vn.thidua.projection.rebuild;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.thidua.eventlog.roundtrips.RoundTrips;
import vn.thidua.projection.DomainEvent;
import vn.thidua.projection.EventDecoder;
import vn.thidua.projection.Projection;
import vn.thidua.projection.ProjectionDefinition;
import vn.thidua.projection.ProjectionDefinitions;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.Watermarks;
import vn.thidua.projection.documents.Documents;
import vn.thidua.projection.generation.Generations;
import vn.thidua.projection.parking.Parking;
import vn.thidua.projection.stream.StreamSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds of a projection from the whole event topic into a <b>shadow</b> generation while the live one keeps
 * serving ({@link Generations}).
 * <ul>
 *   <li>{@code REBUILD}: replay from the beginning, catch up with the topic, then make the shadow live with one write
 *       of the generation pointer (readers see the old generation or the new one, never a mixture), replay what the
 *       live consumer may have written to the old generation during the switch, and drop the old generation.</li>
 *   <li>{@code VERIFY}: the same replay, then a comparison of every document of the shadow with the live projection;
 *       a difference is compared again after both caught up with the topic (the live one keeps moving), and what still
 *       differs is reported. The shadow is dropped; nothing live changes.</li>
 * </ul>
 * Progress (events done / total, events per second, time left) is kept in {@code rebuilds} (any instance answers
 * for it) and logged every 5 s. One rebuild per projection at a time ({@code rebuild_locks}, taken over when its
 * holder stopped beating for a minute). An event the projection fails on is parked under
 * {@code <projection>@g<generation>}: the shadow is incomplete, so it never goes live.
 */
public class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    public static final String JOBS = "rebuilds";
    public static final String LOCKS = "rebuild_locks";
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REPORTED = 100;
    private static final int MAX_TRACKED = 10_000;

    public enum Mode { REBUILD, VERIFY }

    private final MongoDatabase database;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> locks;
    private final ProjectionDefinitions definitions;
    private final Generations generations;
    private final StreamSettings stream;
    private final String bootstrapServers;
    private final MeterRegistry meters;
    /** Events per batch of a replay ({@code thidua.rebuild.batch-events}, default 10,000). */
    private final int replayBatch;
    private final ExecutorService appliers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(() -> {
            RoundTrips.enter("rebuild");
            r.run();
        }, "projection-rebuild-apply");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "projection-rebuild-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(() -> {
            RoundTrips.enter("rebuild");
            r.run();
        }, "projection-rebuild");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param replayBatch events per batch of a replay ({@code thidua.rebuild.batch-events})
     */
    public Rebuilds(MongoDatabase queryDatabase, ProjectionDefinitions definitions, Generations generations,
                    StreamSettings stream, String bootstrapServers, MeterRegistry meters, int replayBatch) {
        if (replayBatch < 1) {
            throw new IllegalArgumentException("thidua.rebuild.batch-events must be positive: " + replayBatch);
        }
        this.replayBatch = replayBatch;
        this.database = queryDatabase;
        this.jobs = queryDatabase.getCollection(JOBS);
        this.locks = queryDatabase.getCollection(LOCKS);
        this.definitions = definitions;
        this.generations = generations;
        this.stream = stream;
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
        cleanUpAbandoned();
    }

    /**
     * Jobs whose instance stopped in the middle (nobody updated them for {@link #LOCK_TIMEOUT}): their shadow
     * generations are dropped unless one went live, and they are marked {@code ABANDONED}.
     */
    void cleanUpAbandoned() {
        Date stale = Date.from(Instant.now().minus(LOCK_TIMEOUT));
        for (Document job : jobs.find(Filters.and(Filters.eq("state", "RUNNING"), Filters.lt("updatedAt", stale)))) {
            Document shadows = job.get("generations", Document.class);
            if (shadows != null) {
                shadows.forEach((name, generation) -> definitions.all().stream().filter(d -> d.name().equals(name))
                        .findFirst().ifPresent(d -> {
                            long g = ((Number) generation).longValue();
                            if (generations.active(name) != g) {
                                drop(d, generations.generation(name, g));
                            }
                        }));
            }
            jobs.updateOne(Filters.and(Filters.eq("_id", job.get("_id")), Filters.eq("state", "RUNNING")),
                    Updates.combine(Updates.set("state", "ABANDONED"), Updates.set("updatedAt", new Date())));
            log.warn("Rebuild {} of {} was abandoned by a stopped instance; its shadow generations are dropped",
                    job.get("_id"), job.get("projection"));
        }
    }

    /** Every projection at once: one replay of the topic feeds them all. */
    public static final String ALL = "all";

    /**
     * Starts a rebuild or a verification of one projection, or of {@link #ALL}; its id is returned at once, the work
     * runs in the background.
     */
    public String start(String projection, Mode mode, String requestedBy) {
        List<ProjectionDefinition> chosen = ALL.equals(projection) ? definitions.all() : List.of(definitions.named(projection));
        String id = UUID.randomUUID().toString();
        List<String> locked = new ArrayList<>();
        try {
            for (ProjectionDefinition d : chosen) {
                lock(d.name(), id);
                locked.add(d.name());
            }
        } catch (RuntimeException e) {
            locked.forEach(name -> locks.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("job", id))));
            throw e;
        }
        List<Shadow> shadows = chosen.stream().map(d -> new Shadow(d, generations.allocate(d.name()))).toList();
        Document generationsOf = new Document();
        shadows.forEach(sh -> generationsOf.append(sh.definition().name(), sh.generation()));
        Date now = new Date();
        jobs.insertOne(new Document("_id", id).append("projection", projection).append("mode", mode.name())
                .append("state", "RUNNING").append("phase", "STARTING").append("generations", generationsOf)
                .append("requestedBy", requestedBy).append("startedAt", now).append("updatedAt", now)
                .append("progress", progress(0, 0, 0)));
        runner.submit(() -> run(id, shadows, mode));
        return id;
    }

    /** One projection being rebuilt: into which generation, and under which name what it fails on is parked. */
    private record Shadow(ProjectionDefinition definition, long generation) {
        String parkName() {
            return definition.name() + "@g" + generation;
        }
    }

    /** A job as stored; a running job nobody has updated for a minute is reported {@code ABANDONED}. */
    public Map<String, Object> get(String id) {
        Document job = jobs.find(Filters.eq("_id", id)).first();
        if (job == null) {
            throw new RebuildNotFound(id);
        }
        return describe(job);
    }

    public List<Map<String, Object>> recent(int limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        jobs.find().sort(Sorts.descending("startedAt")).limit(limit).forEach(j -> out.add(describe(j)));
        return out;
    }

    private Map<String, Object> describe(Document job) {
        if ("RUNNING".equals(job.getString("state"))
                && job.getDate("updatedAt").toInstant().isBefore(Instant.now().minus(LOCK_TIMEOUT))) {
            job.put("state", "ABANDONED");
        }
        job.put("id", job.remove("_id"));
        return Documents.plain(job);
    }

    private void lock(String projection, String job) {
        Document lock = new Document("_id", projection).append("job", job).append("heartbeat", new Date());
        try {
            locks.insertOne(lock);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Date stale = Date.from(Instant.now().minus(LOCK_TIMEOUT));
            if (locks.replaceOne(Filters.and(Filters.eq("_id", projection), Filters.lt("heartbeat", stale)), lock)
                    .getModifiedCount() == 0 && !insertedAfterRelease(lock)) {
                Document holder = locks.find(Filters.eq("_id", projection)).first();
                throw new RebuildInProgress(projection, holder == null ? "?" : holder.getString("job"));
            }
        }
    }

    /** The holder released the lock between our insert and our look at it: take it now. */
    private boolean insertedAfterRelease(Document lock) {
        try {
            locks.insertOne(lock);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    private void run(String id, List<Shadow> shadows, Mode mode) {
        Job job = new Job(id, shadows.stream().map(sh -> sh.definition().name()).toList());
        List<Projection> targets = new ArrayList<>();
        // the job and its locks stay alive through phases that advance no event (comparing a million documents)
        java.util.concurrent.ScheduledFuture<?> heartbeat = beats.scheduleAtFixedRate(job::beat, 10, 10, TimeUnit.SECONDS);
        try {
            for (Shadow sh : shadows) {
                ReadModelSpace space = space(sh);
                drop(sh.definition(), space); // numbers are never reused, so nothing should be there — but be sure
                targets.add(new Named(sh.parkName(), sh.definition().create().apply(space)));
            }
            Parking parking = new Parking(database, meters);
            try (TopicReplay replay = new TopicReplay(bootstrapServers, stream.topic(), stream.maxPollRecords())) {
                Map<TopicPartition, Long> target = replay.endOffsets();
                job.total = replay.size(target);
                job.phase("REPLAYING");
                log.info("Rebuild {} ({} of {}): {} events to replay, in batches of {}", id, mode, job.projections, job.total,
                        replayBatch);
                replayTo(replay, target, parking, targets, job);
                job.phase("CATCHING_UP");
                catchUp(replay, parking, targets, job);
                long parked = database.getCollection(Parking.COLLECTION).countDocuments(Filters.in("projection",
                        shadows.stream().map(Shadow::parkName).toList()));
                if (parked > 0) {
                    throw new IllegalStateException(("%d events were parked while rebuilding (projections %s in the parked "
                            + "events); the live generations stay").formatted(parked, shadows.stream().map(Shadow::parkName).toList()));
                }
                if (mode == Mode.REBUILD) {
                    Document previous = new Document();
                    job.phase("SWITCHING");
                    for (Shadow sh : shadows) {
                        String name = sh.definition().name();
                        previous.append(name, generations.active(name));
                        generations.activate(name, sh.generation());
                        log.info("Rebuild {}: generation {} of {} is live (was {})", id, sh.generation(), name, previous.get(name));
                    }
                    // a live batch read before the switch may still land in the old generation: replay past it
                    sleep(2 * Generations.REFRESH_MILLIS + 500);
                    target = replay.endOffsets();
                    job.total += replay.remaining(target);
                    replayTo(replay, target, parking, targets, job);
                    job.finish(Updates.set("previousGenerations", previous));
                    sleep(Generations.REFRESH_MILLIS * 5); // readers that resolved the old generation finish first
                    for (Shadow sh : shadows) {
                        String name = sh.definition().name();
                        drop(sh.definition(), generations.generation(name, previous.getLong(name)));
                    }
                } else {
                    job.phase("COMPARING");
                    List<Differences.Difference> differences = compare(shadows, replay, parking, targets, job);
                    job.finish(Updates.combine(Updates.set("verified", differences.isEmpty()),
                            Updates.set("differenceCount", differences.size()),
                            Updates.set("differences", differences.stream().limit(MAX_REPORTED)
                                    .map(d -> new Document(d.describe())).toList())));
                    log.info("Verification {} of {}: {} differences", id, job.projections, differences.size());
                    shadows.forEach(sh -> drop(sh.definition(), space(sh)));
                }
            }
        } catch (Throwable e) {
            log.error("Rebuild {} of {} failed: {}", id, job.projections, e.toString(), e);
            jobs.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("state", "FAILED"),
                    Updates.set("error", e.toString()), Updates.set("finishedAt", new Date()), Updates.set("updatedAt", new Date())));
            for (Shadow sh : shadows) {
                if (generations.active(sh.definition().name()) != sh.generation()) {
                    drop(sh.definition(), space(sh));
                }
            }
        } finally {
            heartbeat.cancel(false);
            job.projections.forEach(name -> locks.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("job", id))));
            // completed only now: whoever sees COMPLETED may start the next job of these projections at once
            jobs.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("state", "RUNNING"), Filters.eq("phase", "DONE")),
                    Updates.combine(Updates.set("state", "COMPLETED"), Updates.set("updatedAt", new Date())));
        }
    }

    private ReadModelSpace space(Shadow sh) {
        return generations.generation(sh.definition().name(), sh.generation());
    }

    /** Replays the rounds the topic grew by while replaying, until what is left is small. */
    private void catchUp(TopicReplay replay, Parking parking, List<Projection> projections, Job job) {
        Map<TopicPartition, Long> target = replay.endOffsets();
        for (int round = 0; round < 10; round++) {
            long left = replay.remaining(target);
            job.total += left;
            replayTo(replay, target, parking, projections, job);
            if (left < 1_000) {
                break;
            }
            target = replay.endOffsets();
        }
    }

    /**
     * Replays up to the target. Polls are gathered into batches of {@code thidua.rebuild.batch-events} (a board document is
     * rewritten once per batch, not once per poll), and the projections — independent collections — apply each batch
     * side by side.
     */
    private void replayTo(TopicReplay replay, Map<TopicPartition, Long> target, Parking parking,
                          List<Projection> projections, Job job) {
        EventDecoder decoder = new EventDecoder();
        while (true) {
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (records.size() < replayBatch && replay.remaining(target) > 0) {
                records.addAll(replay.next(target));
            }
            if (records.isEmpty()) {
                return;
            }
            List<Parking.Received> received = new ArrayList<>(records.size());
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    decoder.decode(r.value()).ifPresent(e -> received.add(new Parking.Received(e, r.value(),
                            r.topic() + "-" + r.partition() + "@" + r.offset())));
                } catch (Exception unreadable) {
                    job.unreadable++; // the live consumer parks it; the rebuild counts it
                }
            }
            List<Future<?>> applied = new ArrayList<>(projections.size());
            for (Projection projection : projections) {
                applied.add(appliers.submit(() -> parking.apply(projection, received)));
            }
            for (Future<?> f : applied) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            job.advance(records.size());
        }
    }

    private List<Differences.Difference> compare(List<Shadow> shadows, TopicReplay replay, Parking parking,
                                                 List<Projection> projections, Job job) {
        List<Differences.Difference> found = new ArrayList<>();
        for (Shadow sh : shadows) {
            ReadModelSpace live = live(sh);
            for (String c : sh.definition().collections()) {
                found.addAll(Differences.between(c, live.collection(c), space(sh).collection(c)));
            }
        }
        // the live projections kept applying events while the shadows were replayed: compare again after both caught up
        for (int round = 0; round < 3 && !found.isEmpty(); round++) {
            Map<TopicPartition, Long> target = replay.endOffsets();
            job.total += replay.remaining(target);
            replayTo(replay, target, parking, projections, job);
            awaitLiveConsumer(target, Duration.ofSeconds(30));
            List<Differences.Difference> again = new ArrayList<>();
            for (Shadow sh : shadows) {
                for (String c : sh.definition().collections()) {
                    Set<Object> ids = new LinkedHashSet<>();
                    found.stream().filter(d -> d.collection().equals(c)).limit(MAX_TRACKED).forEach(d -> ids.add(d.id()));
                    if (!ids.isEmpty()) {
                        again.addAll(Differences.recheck(c, live(sh).collection(c), space(sh).collection(c), ids));
                    }
                }
            }
            found = again;
        }
        return found;
    }

    private ReadModelSpace live(Shadow sh) {
        String name = sh.definition().name();
        return generations.generation(name, generations.active(name));
    }

    /** Waits until the live consumer group has committed at least the given offsets (it applied everything before). */
    private void awaitLiveConsumer(Map<TopicPartition, Long> target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(stream.group())
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                boolean caughtUp = target.entrySet().stream().allMatch(t -> t.getValue() == 0
                        || (committed.get(t.getKey()) != null && committed.get(t.getKey()).offset() >= t.getValue()));
                if (caughtUp) {
                    return;
                }
                sleep(200);
            }
        } catch (Exception e) {
            log.warn("Could not read the live consumer's offsets: {}", e.toString());
        }
    }

    private void drop(ProjectionDefinition definition, ReadModelSpace space) {
        definition.collections().forEach(c -> space.collection(c).drop());
        space.collection(Watermarks.COLLECTION).deleteOne(Filters.eq("_id", space.physicalName(definition.name())));
    }

    private static Document progress(long done, long total, double perSecond) {
        Document p = new Document("done", done).append("total", total)
                .append("eventsPerSecond", Math.round(perSecond));
        p.append("secondsLeft", perSecond <= 0 ? null : Math.round(Math.max(0, total - done) / perSecond));
        return p;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The projection under another name, so what a rebuild parks is told apart from what the live stream parks. */
    private record Named(String name, Projection inner) implements Projection {
        @Override
        public void apply(List<DomainEvent> events) {
            inner.apply(events);
        }
    }

    /** The running state of one job, written to its document (and the lock's heartbeat) at most every second. */
    private final class Job {
        final String id;
        final List<String> projections;
        final long started = System.nanoTime();
        volatile long total;
        volatile long done;
        volatile long unreadable;
        long savedAt;
        long loggedAt = System.nanoTime();

        Job(String id, List<String> projections) {
            this.id = id;
            this.projections = projections;
        }

        void phase(String phase) {
            jobs.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("phase", phase), progressUpdate()));
        }

        /** The job's document and its locks are alive (also called by the heartbeat every 10 s). */
        synchronized void beat() {
            jobs.updateOne(Filters.eq("_id", id), progressUpdate());
            locks.updateMany(Filters.and(Filters.in("_id", projections), Filters.eq("job", id)),
                    Updates.set("heartbeat", new Date()));
        }

        void advance(int events) {
            done += events;
            long now = System.nanoTime();
            if (now - savedAt > 1_000_000_000L) {
                savedAt = now;
                beat();
            }
            if (now - loggedAt > 5_000_000_000L) {
                loggedAt = now;
                Document p = progress(done, total, rate());
                log.info("Rebuild {} ({}): {} of {} events, {} events/s, {} s left", id, projections, done, total,
                        p.get("eventsPerSecond"), p.get("secondsLeft"));
            }
        }

        double rate() {
            double seconds = (System.nanoTime() - started) / 1e9;
            return seconds <= 0 ? 0 : done / seconds;
        }

        org.bson.conversions.Bson progressUpdate() {
            return Updates.combine(Updates.set("progress", progress(done, total, rate())),
                    Updates.set("unreadable", unreadable), Updates.set("updatedAt", new Date()));
        }

        void finish(org.bson.conversions.Bson outcome) {
            jobs.updateOne(Filters.eq("_id", id), Updates.combine(outcome, progressUpdate(), Updates.set("phase", "DONE"),
                    Updates.set("finishedAt", new Date()),
                    Updates.set("seconds", (System.nanoTime() - started) / 1e9)));
            log.info("Rebuild {} ({}) done: {} events in {} s ({} events/s)", id, projections, done,
                    Math.round((System.nanoTime() - started) / 1e9), Math.round(rate()));
        }
    }
}
