package vn.thidua.command.submission;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The command-service instances alive now, in the {@code instances} collection of the event database: each instance
 * says every {@code ttl / 4} that it is alive until {@code now + ttl}. An instance that stopped saying so (killed,
 * paused, cut off) is dead to the others, and the keys it claimed are taken over at once by a retry
 * ({@link Submissions}), instead of waiting out the claim's own lock.
 */
public class Instances implements AutoCloseable {

    public static final String COLLECTION = "instances";
    private static final Logger log = LoggerFactory.getLogger(Instances.class);

    private final MongoCollection<Document> instances;
    private final String self;
    private final Duration ttl;
    private final Clock clock;
    private ScheduledExecutorService beats;
    private volatile boolean beating = true;

    public Instances(MongoDatabase database, String self, Duration ttl, Clock clock) {
        this.instances = database.getCollection(COLLECTION);
        this.self = self;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new name for this process: {@code pid@host/random}, unique across restarts. */
    public static String newName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Says alive now, then every {@code ttl / 4} until {@link #close()}. */
    public Instances start() {
        beat();
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "instance-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, ttl.toMillis() / 4);
        beats.scheduleWithFixedDelay(this::beatQuietly, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** This instance's name: the owner recorded with its claims. */
    public String self() {
        return self;
    }

    /** Records that this instance is alive for {@code ttl} from now. */
    public void beat() {
        instances.updateOne(Filters.eq("_id", self), Updates.set("aliveUntil", Date.from(clock.instant().plus(ttl))),
                new UpdateOptions().upsert(true));
    }

    private void beatQuietly() {
        try {
            beat();
            if (!beating) {
                log.info("Instance {} is reaching the event database again", self);
                beating = true;
            }
        } catch (MongoException | IllegalStateException e) {
            if (beating) {
                log.warn("Instance {} cannot say it is alive: {}", self, e.toString());
                beating = false;
            }
        }
    }

    /** Whether {@code owner} (another instance) stopped saying it is alive; this instance is never dead to itself. */
    public boolean isDead(String owner) {
        if (owner == null || owner.equals(self)) {
            return false;
        }
        Document instance = instances.find(Filters.eq("_id", owner)).first();
        return instance == null || instance.getDate("aliveUntil").toInstant().isBefore(clock.instant());
    }

    /** Stops saying alive; the record expires by itself. */
    @Override
    public void close() {
        if (beats != null) {
            beats.shutdownNow();
        }
    }
}
