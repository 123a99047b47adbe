package vn.thidua.embeddedmongo;

import java.util.HashMap;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;

/**
 * H2's {@link SingleFileStore}, giving access to the chunk rewriting that MVStore's background thread uses
 * ({@code rewriteChunks(writeLimit, targetFillRate)}, protected). The public {@link MVStore#compact(int, int)}
 * is not usable for frequent compaction: it rewrites chunks up to a fill rate of 100 %, oldest first, so it
 * keeps rewriting the dense chunks produced by the previous compaction instead of the sparse new ones.
 * <p>
 * Why chunks become sparse: every commit writes a new chunk with the changed pages (the appended-to leaf,
 * the path to the root, chunk metadata). Most of that is superseded by the next commit, but a leaf that filled
 * up stays live in the chunk that last wrote it, so with a commit every few milliseconds most chunks stay
 * 10-20 % live forever unless their live pages are rewritten elsewhere.
 */
final class CompactingFileStore extends SingleFileStore {

    CompactingFileStore() {
        super(new HashMap<>());
    }

    /**
     * Rewrites the live pages of chunks that are at most {@code targetFillRate} % live, sparsest and oldest
     * first, up to about {@code writeLimit} live bytes. The rewritten pages are unsaved changes afterwards: the
     * caller must commit, after which the emptied chunks are freed (once older than the retention time).
     * Must be called by the only thread that writes and commits.
     *
     * @return whether pages were rewritten
     */
    boolean rewriteSparseChunks(MVStore mvStore, int writeLimit, int targetFillRate) {
        boolean[] rewritten = new boolean[1];
        mvStore.executeFilestoreOperation(() -> rewritten[0] = rewriteChunks(writeLimit, targetFillRate));
        return rewritten[0];
    }
}
