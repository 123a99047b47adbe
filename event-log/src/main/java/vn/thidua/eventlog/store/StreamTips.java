package vn.thidua.eventlog.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The last (sequence, hash) of recently used streams, so an append knows the hash it chains to without a read.
 * Bounded (Caffeine evicts the least useful first); a value is only used for the sequence it was stored at, so a
 * stale or evicted entry costs a lookup, never a wrong link.
 */
final class StreamTips {

    static final int DEFAULT_SIZE = 20_000;

    private record Tip(long sequence, String hash) {
    }

    private final Cache<String, Tip> tips;

    StreamTips(int maxEntries) {
        this.tips = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    void remember(String aggregateId, long sequence, String hash) {
        if (hash == null) {
            return;
        }
        tips.asMap().merge(aggregateId, new Tip(sequence, hash),
                (known, latest) -> known.sequence() <= latest.sequence() ? latest : known);
    }

    /** The hash of the event at {@code sequence}, if that is the stream's last known event; else {@code null}. */
    String hashAt(String aggregateId, long sequence) {
        Tip tip = tips.getIfPresent(aggregateId);
        return tip != null && tip.sequence() == sequence ? tip.hash() : null;
    }

    void forget(String aggregateId) {
        tips.invalidate(aggregateId);
    }
}
