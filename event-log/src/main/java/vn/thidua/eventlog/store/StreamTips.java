package vn.thidua.eventlog.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last (sequence, hash) of the most recently used streams, so an append knows the hash it chains to without a
 * read. Bounded (least recently used first out); a value is only used for the sequence it was stored at, so a stale
 * entry costs a lookup, never a wrong link.
 */
final class StreamTips {

    static final int DEFAULT_SIZE = 20_000;

    private record Tip(long sequence, String hash) {
    }

    private final Map<String, Tip> tips;

    StreamTips(int maxEntries) {
        this.tips = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Tip> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized void remember(String aggregateId, long sequence, String hash) {
        if (hash == null) {
            return;
        }
        Tip known = tips.get(aggregateId);
        if (known == null || known.sequence() <= sequence) {
            tips.put(aggregateId, new Tip(sequence, hash));
        }
    }

    /** The hash of the event at {@code sequence}, if that is the stream's last known event; else {@code null}. */
    synchronized String hashAt(String aggregateId, long sequence) {
        Tip tip = tips.get(aggregateId);
        return tip != null && tip.sequence() == sequence ? tip.hash() : null;
    }

    synchronized void forget(String aggregateId) {
        tips.remove(aggregateId);
    }
}
