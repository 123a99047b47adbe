package vn.thidua.query.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import vn.thidua.query.live.BoardChange.Notice;
import vn.thidua.projection.stream.BatchListener;
import vn.thidua.projection.DomainEvent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The open board-change streams of this instance, fed by the event consumer after each batch it wrote: each stream is
 * told the changes its caller may see ({@link BoardChange#seenBy}). Sending happens on a small pool, never on the
 * consumer's thread, and each stream drains its own queue, so a slow browser delays only itself; a stream whose queue
 * grows beyond {@link #MAX_QUEUED} is closed (the browser reconnects and reads the boards afresh). Streams end at
 * their token's expiry, after {@link LiveSettings#maxDuration()}, and when the service stops.
 */
class LiveStreams implements BatchListener, SmartLifecycle {

    static final int MAX_QUEUED = 200;
    static final int RETRY_AFTER_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    private final LiveSettings settings;
    private final LongSupplier position;
    private final Clock clock;
    private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService senders = Executors.newFixedThreadPool(4, daemon("live-sender"));
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(daemon("live-keep-alive"));
    private volatile boolean running;

    /** @param position the highest log position applied so far (the stream's first event says it) */
    LiveStreams(LiveSettings settings, LongSupplier position, Clock clock) {
        this.settings = settings;
        this.position = position;
        this.clock = clock;
    }

    /**
     * The caller's view: an auditor also sees the event log; a reporter only its own unit's rows; a province's caller
     * only its province's changes ({@code provinceScope}; {@code null}: the Ministry, every province).
     */
    record Audience(String subject, boolean auditor, String unitScope, String provinceScope) {

        Audience(String subject, boolean auditor, String unitScope) {
            this(subject, auditor, unitScope, null);
        }
    }

    /**
     * A new stream for the caller, open until its token expires (at the latest).
     *
     * @throws LiveBusy when this instance holds {@link LiveSettings#maxStreams()} streams already
     */
    SseEmitter open(Audience audience, Instant tokenExpiresAt) {
        if (streams.size() >= settings.maxStreams()) {
            throw new LiveBusy("This instance already serves %d live streams (thidua.live.max-streams); "
                    .formatted(settings.maxStreams()) + "retry after %d s".formatted(RETRY_AFTER_SECONDS), RETRY_AFTER_SECONDS);
        }
        Instant now = clock.instant();
        Duration left = tokenExpiresAt == null ? settings.maxDuration()
                : Duration.between(now, tokenExpiresAt);
        Duration open = left.compareTo(settings.maxDuration()) < 0 ? left : settings.maxDuration();
        SseEmitter emitter = new SseEmitter(Math.max(1, open.toMillis()));
        Stream stream = new Stream(ids.incrementAndGet(), audience, emitter);
        emitter.onTimeout(emitter::complete);
        emitter.onCompletion(() -> streams.remove(stream.id));
        emitter.onError(e -> streams.remove(stream.id));
        streams.put(stream.id, stream);
        closeOldestBeyondLimit(audience.subject());
        try {
            // on the request's thread, before the stream is handed to the senders: it goes out with the response's headers
            emitter.send(SseEmitter.event().name("hello")
                    .data(Map.of("position", position.getAsLong(), "at", now.toString()), MediaType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not sent yet: an early send is only buffered
        }
        return emitter;
    }

    private void closeOldestBeyondLimit(String subject) {
        List<Stream> own = streams.values().stream().filter(s -> s.audience.subject().equals(subject))
                .sorted(Comparator.comparingLong(s -> s.id)).toList();
        for (int i = 0; i < own.size() - settings.perCaller(); i++) {
            own.get(i).close();
        }
    }

    int size() {
        return streams.size();
    }

    @Override
    public void applied(List<DomainEvent> events) {
        if (streams.isEmpty()) {
            return;
        }
        try {
            List<BoardChange> changes = ChangedBoards.of(events);
            for (Stream stream : streams.values()) {
                for (BoardChange change : changes) {
                    Notice notice = change.seenBy(stream.audience.auditor(), stream.audience.unitScope(),
                            stream.audience.provinceScope());
                    if (notice != null) {
                        stream.enqueue(SseEmitter.event().name("change").id(String.valueOf(notice.position()))
                                .data(notice, MediaType.APPLICATION_JSON));
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Live board changes not sent for a batch of {} events: {}", events.size(), e.toString());
        }
    }

    private void keepAlive() {
        for (Stream stream : streams.values()) {
            stream.enqueue(SseEmitter.event().comment("keep-alive"));
        }
    }

    @Override
    public void start() {
        running = true;
        long every = settings.keepAlive().toMillis();
        keepAlive.scheduleWithFixedDelay(this::keepAlive, every, every, TimeUnit.MILLISECONDS);
    }

    /** Before the web server's graceful shutdown (a later phase stops first), which would otherwise wait on them. */
    @Override
    public void stop() {
        running = false;
        keepAlive.shutdownNow();
        streams.values().forEach(Stream::close);
        senders.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One open stream: its caller, its queue of events to send, drained by one sender at a time. */
    private final class Stream {
        final long id;
        final Audience audience;
        final SseEmitter emitter;
        private final Queue<SseEmitter.SseEventBuilder> queue = new ArrayDeque<>();
        private boolean draining;
        private boolean closed;

        Stream(long id, Audience audience, SseEmitter emitter) {
            this.id = id;
            this.audience = audience;
            this.emitter = emitter;
        }

        void enqueue(SseEmitter.SseEventBuilder event) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queue.size() >= MAX_QUEUED) {
                    log.info("Closing live stream {} of {}: {} events not taken", id, audience.subject(), queue.size());
                    close();
                    return;
                }
                queue.add(event);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                senders.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                close();
            }
        }

        private void drain() {
            while (true) {
                SseEmitter.SseEventBuilder next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null || closed) {
                        draining = false;
                        return;
                    }
                }
                try {
                    emitter.send(next);
                } catch (IOException | IllegalStateException gone) {
                    close(); // the browser went away; its next request opens another stream
                    return;
                }
            }
        }

        void close() {
            synchronized (this) {
                closed = true;
                queue.clear();
            }
            streams.remove(id);
            try {
                emitter.complete();
            } catch (RuntimeException alreadyDone) {
                // completed or failed already
            }
        }
    }
}
